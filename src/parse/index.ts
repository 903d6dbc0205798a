export { cleanTags, dayFromPath } from "./frontMatter.ts";
export { parseDayFile } from "./parseDayFile.ts";
