// Review finding 14: a site.yaml with document markers, or that is not a mapping, was ignored silently.
import { describe, expect, it } from "vitest";
import { isSiteUrl, parseSiteConfig, resolveConfig } from "../src/config.ts";

/** Where the YAML of `text` is broken, when it does not parse. */
function syntaxErrorAt(text: string): { line: number; column: number } | undefined {
  const { problems, unreadable } = parseSiteConfig(text);
  const [problem] = problems;
  return unreadable && problem ? { line: problem.line, column: problem.column } : undefined;
}

describe("parseSiteConfig", () => {
  it.each([
    ["title: 내 사이트\nperPage: 20\n"],
    ["---\ntitle: 내 사이트\nperPage: 20\n"],
    ["---\ntitle: 내 사이트\nperPage: 20\n...\n"],
    ["title: 내 사이트\nperPage: 20\n...\n"],
    ["\uFEFF---\r\ntitle: 내 사이트\r\nperPage: 20\r\n...\r\n"],
  ])("reads %j with or without YAML document markers", (text) => {
    expect(parseSiteConfig(text)).toEqual({ settings: { title: "내 사이트", perPage: 20 }, problems: [] });
  });

  it.each([
    ["- title: 내 사이트\n", "a list"],
    ["---\n- a\n- b\n", "a list"],
    ["그냥 문장입니다.\n", "plain text"],
  ])("reports %j as not a mapping", (text, what) => {
    expect(parseSiteConfig(text)).toEqual({
      settings: {},
      problems: [
        { message: `site.yaml must be a mapping of settings (\`title: ...\` lines), not ${what}.`, line: 1, column: 1 },
      ],
    });
  });

  it("reports settings after a second document marker instead of dropping them silently", () => {
    const { settings, problems } = parseSiteConfig("---\ntitle: 내 사이트\n---\nperPage: 20\n");
    expect(settings).toEqual({ title: "내 사이트" });
    expect(problems).toEqual([
      {
        message:
          "A `---` line starts a second YAML document, and only the settings above it are read. Remove that line so every setting is in one document.",
        line: 3,
        column: 1,
      },
    ]);
    // Nothing but markers and comments after it: nothing is lost.
    expect(parseSiteConfig("title: 내 사이트\n---\n").problems).toEqual([]);
    expect(parseSiteConfig("title: 내 사이트\n---\n# 끝\n...\n").problems).toEqual([]);
    expect(parseSiteConfig("title: 내 사이트\r\n---\r\n").problems).toEqual([]);
    expect(parseSiteConfig("title: 내 사이트\r\n---\r\nperPage: 3\r\n").problems).toHaveLength(1);
  });

  it("reads the footer's credit line as text", () => {
    expect(parseSiteConfig("credit: 요약 © 2025 내 연구실 (CC BY 4.0)\n").settings).toEqual({
      credit: "요약 © 2025 내 연구실 (CC BY 4.0)",
    });
    expect(parseSiteConfig("credit: [a, b]\n").problems).toEqual([
      { message: "`credit` in site.yaml must be text.", line: 1, column: 1 },
    ]);
  });

  it("closes a bidi control the title, description or credit leaves open, with a warning at its line", () => {
    const RLO = "\u202E";
    const PDF = "\u202C";
    const parsed = parseSiteConfig(
      `perPage: 20\ntitle: "논문${RLO}요약"\ncredit: 내 연구실\ndescription: "${RLO}설명${PDF}"\n`,
    );
    expect(parsed.settings).toMatchObject({
      title: `논문${RLO}요약${PDF}`,
      credit: "내 연구실",
      description: `${RLO}설명${PDF}`,
    });
    expect(parsed.problems.map((p) => `${p.line}:${p.column} ${p.warning}`)).toEqual(["2:1 bidi-unclosed"]);
  });

  it("shows control characters that YAML's escapes write, in text and topic names, as U+FFFD with a warning", () => {
    const parsed = parseSiteConfig(
      'title: "S\\x01\\x1b"\ndescription: plain\ntopics:\n  - name: "A\\x07I"\n    ko: "인공\\x00지능"\n    terms: [ai]\n',
    );
    expect(parsed.settings.title).toBe("S\uFFFD\uFFFD");
    expect(parsed.settings.description).toBe("plain");
    expect(parsed.settings.topics).toMatchObject([{ name: "A\uFFFDI", ko: "인공\uFFFD지능" }]);
    expect(parsed.problems.map((p) => `${p.line}:${p.column} ${p.warning}`)).toEqual([
      "1:1 control-character",
      "4:1 control-character",
      "5:1 control-character",
    ]);
  });

  it("shows half a surrogate pair that YAML's escapes write as U+FFFD with a warning, and keeps a whole pair", () => {
    const parsed = parseSiteConfig(
      'title: "S\\uD800 \\uD83D\\uDE00"\ncredit: "\\uDFFF"\ntopics:\n  - name: "A\\uDC00I"\n    terms: [ai]\n',
    );
    expect(parsed.settings.title).toBe("S\uFFFD 😀");
    expect(parsed.settings.credit).toBe("\uFFFD");
    expect(parsed.settings.topics).toMatchObject([{ name: "A\uFFFDI" }]);
    expect(parsed.problems.map((p) => `${p.line}:${p.column} ${p.warning}`)).toEqual([
      "1:1 unpaired-surrogate",
      "2:1 unpaired-surrogate",
      "4:1 unpaired-surrogate",
    ]);
  });

  it("reads authorPageMinPapers as a whole number of at least 1", () => {
    expect(parseSiteConfig("authorPageMinPapers: 1\n")).toEqual({ settings: { authorPageMinPapers: 1 }, problems: [] });
    const { settings, problems } = parseSiteConfig("authorPageMinPapers: 0\n");
    expect(settings).toEqual({});
    expect(problems).toEqual([
      {
        message: "`authorPageMinPapers` in site.yaml must be a whole number of at least 1, not 0.",
        line: 1,
        column: 1,
      },
    ]);
  });

  it("reads rankingSize as a whole number of at least 1", () => {
    expect(parseSiteConfig("rankingSize: 30\n")).toEqual({ settings: { rankingSize: 30 }, problems: [] });
    const { settings, problems } = parseSiteConfig("rankingSize: 2.5\n");
    expect(settings).toEqual({});
    expect(problems).toEqual([
      { message: "`rankingSize` in site.yaml must be a whole number of at least 1, not 2.5.", line: 1, column: 1 },
    ]);
  });

  it("says where the YAML is broken, counting a leading `---` line", () => {
    const broken = "title: 내 사이트\nperPage: [50\nfeedSize: 3\n";
    const { settings, problems } = parseSiteConfig(broken);
    expect(settings).toEqual({});
    expect(problems).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^site\.yaml is not valid YAML: missed comma .*\. Fix it;/),
      }),
    ]);
    // js-yaml notices the unclosed list where the next key starts.
    expect(syntaxErrorAt(broken)).toEqual({ line: 3, column: 1 });
    expect(syntaxErrorAt(`---\n${broken}`)).toEqual({ line: 4, column: 1 });
    expect(syntaxErrorAt("\uFEFFtitle: a\n  bad: indent\n")).toEqual({ line: 2, column: 6 });
    expect(syntaxErrorAt("title: a\n")).toBeUndefined();
    // Only YAML that does not parse leaves nothing readable; a bad value leaves the rest.
    expect(parseSiteConfig(broken).unreadable).toBe(true);
    expect(parseSiteConfig("title: a\nperPage: 0\n").unreadable).toBeUndefined();
    // At the end of a file without a final line break: its last line, not one past it.
    expect(syntaxErrorAt("title: a\nperPage: [1, 2")?.line).toBe(2);
    // A leading `---` line may carry a comment, as YAML allows.
    expect(syntaxErrorAt(`--- # settings\n${broken}`)).toEqual({ line: 4, column: 1 });
    expect(parseSiteConfig("--- # settings\ntitle: a\n")).toEqual({ settings: { title: "a" }, problems: [] });
  });

  it("reads a topic's exclude words, and refuses an exclude that is not a list", () => {
    const good = parseSiteConfig("topics:\n  - name: Code\n    terms: [코딩]\n    exclude: [디코딩, 인코딩]\n");
    expect(good).toEqual({
      settings: { topics: [{ name: "Code", ko: null, terms: ["코딩"], min: 1, exclude: ["디코딩", "인코딩"] }] },
      problems: [],
    });
    const bad = parseSiteConfig("topics:\n  - name: Code\n    terms: [코딩]\n    exclude: 디코딩\n");
    expect(bad.problems).toEqual([
      { message: "`topics[0]` in site.yaml (Code): `exclude` must be a list of words.", line: 4, column: 1 },
    ]);
  });

  it("points each problem at the line that sets it", () => {
    const lines = (text: string) => parseSiteConfig(text).problems.map((problem) => problem.line);
    expect(lines("title: a\n\nperPage: 0\n'feedSize' : x\n")).toEqual([3, 4]);
    expect(lines("\uFEFFtitle: 3\n")).toEqual([1]);
    // A key inside another setting's value is not the setting.
    expect(lines("description: |\n  perPage: 0\nperPage: 0\n")).toEqual([3]);
    const topics = [
      "title: a",
      "topics:",
      "  # the first topic",
      "  - name: A",
      "    terms: [a]",
      "  - name: B",
      "    ko: 비",
      "    terms: [b]",
      "    min: 0",
      "  - ko: 이름 없음",
      "    terms: [c]",
      "perPage: 5",
    ].join("\n");
    expect(lines(topics)).toEqual([9, 10]);
    // Items whose dashes sit at the start of the line, as YAML allows.
    expect(lines("topics:\n- name: A\n  terms: [a]\n- name: B\n  terms: []\n")).toEqual([5]);
    // A list written another way: the line of the key.
    expect(lines("perPage: 5\ntopics: [{ name: A, terms: [a] }, { name: B }]\n")).toEqual([2]);
    expect(lines("topics: 3\n")).toEqual([1]);
  });

  it("accepts an empty file", () => {
    expect(parseSiteConfig("")).toEqual({ settings: {}, problems: [] });
    expect(parseSiteConfig("---\n")).toEqual({ settings: {}, problems: [] });
  });
});

describe("siteUrl", () => {
  it("is an http(s) origin without a path, user name or password", () => {
    const accepted = ["", "https://user.github.io", "https://user.github.io/", "http://localhost:8080", "HTTPS://U.io"];
    expect(accepted.map(isSiteUrl)).toEqual([true, true, true, true, true]);
    const refused = ["https://user.github.io/repo", "ftp://host", "https://user:secret@host", "https://user@host"];
    expect(refused.map(isSiteUrl)).toEqual([false, false, false, false]);
    expect(parseSiteConfig("siteUrl: https://me:secret@host.example\n").problems[0]?.message).toContain(
      "without a path, user name or password",
    );
  });

  it("is written as its origin: a Hangul host in punycode, the host in lower case, no default port", () => {
    expect(resolveConfig({ siteUrl: "https://논문.example/" }, {}).siteUrl).toBe("https://xn--s80bq8p.example");
    expect(resolveConfig({}, { siteUrl: "https://User.GitHub.io:443" }).siteUrl).toBe("https://user.github.io");
    expect(resolveConfig({}, {}).siteUrl).toBe("");
  });
});

describe("basePath", () => {
  it("with half a surrogate pair is reported at its line and left at its default, where encoding it threw", () => {
    const parsed = parseSiteConfig('title: T\nbasePath: "/r\\uD800/"\n');
    expect(parsed.settings).toEqual({ title: "T" });
    expect(parsed.problems.map((p) => `${p.line}:${p.column}`)).toEqual(["2:1"]);
    expect(parsed.problems[0]?.message).toContain("`basePath` in site.yaml holds half of a UTF-16 surrogate pair");
  });
});
