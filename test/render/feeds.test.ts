import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS } from "../../src/build.ts";
import type { PageCache } from "../../src/cache/index.ts";
import { DEFAULT_CONFIG } from "../../src/config.ts";
import { buildSite, type Paper } from "../../src/model/index.ts";
import { type FeedInfo, renderAtom, renderJsonFeed, renderSitemaps } from "../../src/render/feeds.ts";
import { renderPages } from "../../src/render/renderSite.ts";
import { escapeXml, shortened } from "../../src/render/text.ts";
import { makeLinker } from "../../src/render/views/index.ts";
import { makeEntry } from "../helpers/entry.ts";
import { halfPairsIn } from "../helpers/wellFormed.ts";
import { xmlProblems } from "../site/xml.ts";

const link = makeLinker({ ...DEFAULT_CONFIG, siteUrl: "https://example.org", basePath: "/digest/" });
const site = buildSite([
  {
    file: "2025-02-11.md",
    title: null,
    entries: [
      makeEntry({
        id: "2502.00001",
        date: "2025-02-11",
        title: 'Fast & <Small> "Models"',
        authors: ["Ann Lee", "Bo Kim"],
        tags: ["LLM"],
      }),
      makeEntry({ id: "2502.00002", date: "2025-02-11", title: "Second", authors: [] }),
    ],
    notes: [],
    diagnostics: [],
  },
  {
    file: "2025-02-10.md",
    title: null,
    entries: [makeEntry({ id: "2502.00001", date: "2025-02-10", authors: ["Cy Park"] })],
    notes: [],
    diagnostics: [],
  },
]);
const paper = (id: string) => site.papers.get(id) as Paper;
const info: FeedInfo = {
  title: "Digest & Co",
  description: "Daily <papers>",
  path: "feed.xml",
  pagePath: "",
  author: "Digest & Co",
};
const items = [
  { paper: paper("2502.00001"), summary: "a < b & c > d" },
  { paper: paper("2502.00002"), summary: "second" },
];

describe("escapeXml", () => {
  it.each([
    ["a & b", "a &amp; b"],
    ["<tag>", "&lt;tag&gt;"],
    ['say "hi"', "say &quot;hi&quot;"],
    ["it's", "it&apos;s"],
    ["bell\u0007char", "bellchar"],
  ])("%j -> %j", (input, output) => {
    expect(escapeXml(input)).toBe(output);
  });
});

describe("shortened", () => {
  const boundaries = (text: string) =>
    new Set([...new Intl.Segmenter("ko", { granularity: "grapheme" }).segment(text)].map(({ index }) => index));

  test.prop(
    [
      fc.string({
        // Characters each rule of UAX #29 joins: a lone regional indicator, ZWJ, a Prepend
        // (U+0600), Hangul jamo alone, CR LF, a combining mark; and plain ones between them.
        unit: fc.constantFrom(
          ...["가", "a", " ", "😀", "👍🏽", "🇰🇷", "👩‍👩‍👧", "e\u0301", "\u1100\u1161\u11A8"],
          ...["🇰", "\u200D", "\u0600", "\u1100", "\u1161", "\u11A8", "\r", "\n", "\u0301", "\u0915\u094D"],
          // A SpacingMark (GB9a) and a lone surrogate.
          ...["\u0903", "\uD800"],
        ),
        maxLength: 80,
      }),
      fc.integer({ min: 1, max: 60 }),
    ],
    { numRuns: 2000 },
  )("cuts between grapheme clusters, to at most max code units with an ellipsis", (text, max) => {
    const short = shortened(text, max);
    if (text.length <= max) {
      expect(short).toBe(text);
      return;
    }
    expect(short.endsWith("…")).toBe(true);
    expect(short.length).toBeLessThanOrEqual(max);
    const kept = short.slice(0, -1);
    expect(text.startsWith(kept)).toBe(true);
    // Only a lone surrogate the text itself holds can reach the cut text.
    if (text.isWellFormed()) expect(short.isWellFormed()).toBe(true);
    // The text goes on at a cluster's start, never inside one, and the next cluster would not fit.
    const cuts = boundaries(text);
    expect(cuts.has(kept.length)).toBe(true);
    const next = [...cuts].filter((at) => at > kept.length).sort((a, b) => a - b)[0] ?? text.length;
    expect(next).toBeGreaterThan(max - 1);
  });

  it.each([
    ["a😀", 0],
    ["abc", 0],
    ["abc", -1],
    ["가나다라마바사", -3],
  ])("leaves only the ellipsis of %j cut to %i", (text, max) => {
    expect(shortened(text, max)).toBe("…");
  });

  it("reaches the feeds and descriptions whole: an emoji at the cut is left out, not halved", async () => {
    const whatsNew = `${"가".repeat(598)}😀나다`;
    const emoji = buildSite([
      {
        file: "2025-07-01.md",
        title: null,
        entries: [
          makeEntry({ id: "2507.00001", date: "2025-07-01", whatsNew }),
          // At the description's cut, 160 code units.
          makeEntry({ id: "2507.00002", date: "2025-07-01", whatsNew: `${"가".repeat(158)}😀나` }),
        ],
        notes: [],
        diagnostics: [],
      },
    ]);
    const files = new Map<string, string>();
    await renderPages(emoji, DEFAULT_CONFIG, DEFAULT_OPTIONS.templatesDir, (path, content) =>
      files.set(path, String(content)),
    );
    const feed = files.get("feed.json") ?? "";
    expect(halfPairsIn(feed)).toEqual([]);
    expect(JSON.parse(feed).items[0].content_text).toBe(`${"가".repeat(598)}…`);
    expect(files.get("papers/2507.00001/index.html")).toContain(`content="${"가".repeat(159)}…"`);
    expect(files.get("papers/2507.00002/index.html")).toContain(`content="${"가".repeat(158)}…"`);
  });
});

describe("renderAtom", () => {
  const atom = renderAtom(info, items, link);

  it("is well-formed XML", () => {
    expect(xmlProblems(atom)).toEqual([]);
  });
  it("has the feed's id, title, RFC 3339 updated and self and alternate links", () => {
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ko">');
    expect(atom).toContain("  <id>https://example.org/digest/feed.xml</id>");
    expect(atom).toContain("  <title>Digest &amp; Co</title>");
    expect(atom).toContain("  <subtitle>Daily &lt;papers&gt;</subtitle>");
    expect(atom).toContain("  <updated>2025-02-11T00:00:00Z</updated>");
    expect(atom).toContain('<link rel="self" type="application/atom+xml" href="https://example.org/digest/feed.xml"/>');
    expect(atom).toContain('<link rel="alternate" type="text/html" href="https://example.org/digest/"/>');
    for (const [, updated] of atom.matchAll(/<updated>([^<]*)<\/updated>/g))
      expect(updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/);
  });
  it("gives every entry an id, an escaped title, a link and an author", () => {
    const entries = atom.split("<entry>").slice(1);
    expect(entries).toHaveLength(2);
    expect(entries.map((entry) => /<id>([^<]*)<\/id>/.exec(entry)?.[1])).toEqual([
      "urn:arxiv:2502.00001",
      "urn:arxiv:2502.00002",
    ]);
    expect(entries[0]).toContain("<title>Fast &amp; &lt;Small&gt; &quot;Models&quot;</title>");
    expect(entries[0]).toContain(
      '<link rel="alternate" type="text/html" href="https://example.org/digest/papers/2502.00001/"/>',
    );
    expect(entries[0]).toContain('<summary type="text">a &lt; b &amp; c &gt; d</summary>');
    expect(entries[0]).toContain('<category term="LLM"/>');
    // Published when first shown, updated when shown again.
    expect(entries[0]).toContain(
      "<published>2025-02-10T00:00:00Z</published>\n    <updated>2025-02-11T00:00:00Z</updated>",
    );
    expect(entries[1]).toContain(
      "<published>2025-02-11T00:00:00Z</published>\n    <updated>2025-02-11T00:00:00Z</updated>",
    );
    // Authors over every appearance (review finding B6); with none, the feed's author is the
    // entry's (RFC 4287 4.2.1), not a made-up one.
    expect([...(entries[0] ?? "").matchAll(/<name>([^<]*)<\/name>/g)].map((m) => m[1])).toEqual([
      "Cy Park",
      "Ann Lee",
      "Bo Kim",
    ]);
    expect(entries[1]).not.toContain("<author>");
    expect(atom.split("<entry>")[0]).toContain("  <author><name>Digest &amp; Co</name></author>");
  });
  it("uses a urn id and a fixed date when there is no site URL and no item", () => {
    const relative = renderAtom(info, [], makeLinker(DEFAULT_CONFIG));
    expect(relative).toContain("<id>urn:paper-digest:feed.xml</id>");
    expect(relative).toContain("<updated>1970-01-01T00:00:00Z</updated>");
    expect(xmlProblems(relative)).toEqual([]);
  });
});

describe("renderJsonFeed", () => {
  const feed = JSON.parse(renderJsonFeed({ ...info, path: "feed.json" }, items, link));

  it("has JSON Feed 1.1's required and recommended top-level fields", () => {
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.title).toBe("Digest & Co");
    expect(feed.home_page_url).toBe("https://example.org/digest/");
    expect(feed.feed_url).toBe("https://example.org/digest/feed.json");
    expect(feed.language).toBe("ko");
    expect(feed.items).toHaveLength(2);
  });
  it("gives every item a string id, url, content and an RFC 3339 date", () => {
    expect(feed.items[0]).toMatchObject({
      id: "urn:arxiv:2502.00001",
      url: "https://example.org/digest/papers/2502.00001/",
      external_url: "https://arxiv.org/abs/2502.00001",
      title: 'Fast & <Small> "Models"',
      content_text: "a < b & c > d",
      // First shown on 2025-02-10, shown again on 2025-02-11 (an audit of the real feeds).
      date_published: "2025-02-10T00:00:00Z",
      date_modified: "2025-02-11T00:00:00Z",
      authors: [{ name: "Cy Park" }, { name: "Ann Lee" }, { name: "Bo Kim" }],
      tags: ["LLM"],
    });
    expect(feed.items[1].date_modified).toBeUndefined();
    // A paper without authors leaves them out and takes the feed's: "one or more" when given.
    expect(feed.authors).toEqual([{ name: "Digest & Co" }]);
    expect(feed.items[1]).not.toHaveProperty("authors");
    for (const item of feed.items) {
      expect(typeof item.id).toBe("string");
      expect(item.content_text ?? item.content_html).toEqual(expect.any(String));
    }
  });
});

describe("sitemap", () => {
  const pages = (count: number) =>
    Array.from({ length: count }, (_, n) => ({ path: `papers/2501.${String(n).padStart(5, "0")}/`, lastmod: null }));

  it("is one urlset up to the limit", () => {
    const files = renderSitemaps(pages(3), link, 3);
    expect([...files.keys()]).toEqual(["sitemap.xml"]);
    const xml = files.get("sitemap.xml") ?? "";
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml.match(/<loc>/g)).toHaveLength(3);
  });

  it("splits into parts and an index past the limit, every page in exactly one part", () => {
    const files = renderSitemaps(pages(7), link, 3);
    expect([...files.keys()].sort()).toEqual(["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]);
    const index = files.get("sitemap.xml") ?? "";
    expect(xmlProblems(index)).toEqual([]);
    expect(index).toContain("<sitemapindex");
    expect(index).toContain("<loc>https://example.org/digest/sitemap-3.xml</loc>");
    const locs = ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"].flatMap((file) => {
      const xml = files.get(file) ?? "";
      expect(xmlProblems(xml)).toEqual([]);
      return [...xml.matchAll(/<loc>(.*?)<\/loc>/g)].map((match) => match[1]);
    });
    expect(locs).toEqual(pages(7).map((page) => `https://example.org/digest/${page.path}`));
  });
});

// Issue #5: a tag's feed is its newest papers, so a rebuild keeps it without rendering it
// while the page cache finds those papers unchanged.
describe("tag feeds in a rebuild", () => {
  const entries = ["2502.00011", "2502.00012", "2502.00013", "2502.00014"].map((id, n) =>
    makeEntry({ id, date: `2025-02-1${n}`, tags: ["LLM"], source: { file: `2025-02-1${n}.md`, line: 3 } }),
  );
  const tagged = buildSite(
    entries.map((entry) => ({ file: entry.source.file, title: null, entries: [entry], notes: [], diagnostics: [] })),
  );
  const feed = "tags/llm/feed.xml";

  /** The files `renderPages` emits, and the key it asks the feed by, when `keep` says which files are kept. */
  async function rebuild(keep: (file: string) => boolean) {
    const emitted: string[] = [];
    const keys = new Map<string, string>();
    const pageCache: PageCache = {
      // A key naming the parts and papers it is made of, so the test sees what the feed is kept by.
      papersKey: (parts, papers) => `${parts.join(" | ")}: ${papers.map((paper) => paper.id).join(" ")}`,
      reuse: (file, key) => {
        keys.set(file, key);
        return keep(file);
      },
      reuseGroup: () => false,
      forgetPage: () => undefined,
    };
    const config = { ...DEFAULT_CONFIG, feedSize: 2 };
    await renderPages(tagged, config, DEFAULT_OPTIONS.templatesDir, (path) => emitted.push(path), pageCache);
    return { emitted, key: keys.get(feed) };
  }

  it("is asked for by its newest papers and not rendered when they are unchanged", async () => {
    const kept = await rebuild((file) => file === feed);
    // Its title, description and page, which the feed shows besides its papers.
    expect(kept.key).toBe(
      `tag feed | ${DEFAULT_CONFIG.title} · LLM | 주제 ‘LLM’의 최신 논문 | tags/llm/: 2502.00014 2502.00013`,
    );
    expect(kept.emitted).not.toContain(feed);
    expect(kept.emitted).toContain("feed.xml");
  });

  it("is rendered when they changed (not skipped whatever the cache says)", async () => {
    const changed = await rebuild(() => false);
    expect(changed.emitted).toContain(feed);
  });
});
