export { groupBy } from "./groupBy.ts";
export { type Ranking, rankByVotes, ranksAbove } from "./ranking.ts";
export { keepRelatedLists, type RelatedMemo, relatedPapers, relatedWindow } from "./related.ts";
export type { Author, Day, Paper, Site, Tag, TagDeriver } from "./site.ts";
export { buildSite, compareNewest } from "./site.ts";
export { slugify } from "./slug.ts";
export { makeTopicMatcher, type Topic, type TopicHits, type TopicMatcher } from "./taxonomy.ts";
