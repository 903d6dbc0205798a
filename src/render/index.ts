export { paperSlug, paths } from "./paths.ts";
export { type EmitFile, type RenderedSite, renderPages, renderSite } from "./renderSite.ts";
