export { paperSlug, paths } from "./paths.ts";
export { type RenderedSite, renderSite } from "./renderSite.ts";
