export { BuildCache, type BuildStamp, hashAll, hashFiles, sourceKey } from "./BuildCache.ts";
export { OutputPageCache, type PageCache } from "./PageCache.ts";
export { pageKey } from "./pageKey.ts";
