export { rankByVotes } from "./ranking.ts";
export type { Day, Paper, Site, TagDeriver } from "./site.ts";
export { buildSite } from "./site.ts";
