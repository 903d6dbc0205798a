import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

/** One page of each HTML page kind, as output-relative files. */
export function onePagePerKind(dist: string): Record<string, string> {
  const files = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => relative(dist, join(entry.parentPath, entry.name)).split("\\").join("/"))
    .sort();
  const first = (pattern: RegExp) => files.find((file) => pattern.test(file));
  const kinds: Record<string, RegExp> = {
    home: /^index\.html$/,
    day: /^days\/[^/]+\/index\.html$/,
    paper: /^papers\/[^/]+\/index\.html$/,
    tags: /^tags\/index\.html$/,
    tag: /^tags\/[^/]+\/index\.html$/,
    tagOlder: /^tags\/[^/]+\/page\/\d+\/index\.html$/,
    tagVotes: /^tags\/[^/]+\/top\/index\.html$/,
    top: /^top\/index\.html$/,
    topMonth: /^top\/\d{4}-\d{2}\/index\.html$/,
    topWeek: /^top\/weeks\/[^/]+\/index\.html$/,
    archive: /^archive\/index\.html$/,
    archiveYear: /^archive\/\d{4}\/index\.html$/,
    authors: /^authors\/index\.html$/,
    author: /^authors\/[^/]+\/index\.html$/,
    authorOlder: /^authors\/[^/]+\/page\/\d+\/index\.html$/,
    notFound: /^404\.html$/,
  };
  const out: Record<string, string> = {};
  for (const [kind, pattern] of Object.entries(kinds)) {
    const file = first(pattern);
    if (file) out[kind] = file;
  }
  return out;
}
