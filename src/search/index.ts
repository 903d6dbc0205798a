export { type SearchIndexing, type ShardCache, startSearchIndex, stopSearchIndexing } from "./buildSearchIndex.ts";
export { hangulIndexTokens } from "./koreanTokens.ts";
export { HIDDEN_TOKENS_MARK, toSearchDocument } from "./searchDocument.ts";
export { SearchIndexError } from "./searchFailure.ts";
export { planSearchShards, SEARCH_BUNDLE_DIR, type SearchShard } from "./shards.ts";
