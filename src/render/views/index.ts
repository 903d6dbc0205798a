// The views templates render: plain data, with every piece of content escaped or sanitised.
// Helpers the view modules share (ranked lists, tag links) stay out of this index.
export * from "./archive.ts";
export * from "./authors.ts";
export * from "./entries.ts";
export type { DayRange, PartLink } from "./paging.ts";
export {
  type PeriodGroupView,
  type PeriodNeighbours,
  type RankedRowView,
  type RankingPage,
  type RankingView,
  sharedRanks,
  toRankingPages,
  weekTop,
} from "./rankings.ts";
export { type Linker, makeLinker, type NamedLink, type PaperRowView, type RowShown, toPaperRow } from "./rows.ts";
export * from "./tags.ts";
