// Review finding 14: a site.yaml with document markers, or that is not a mapping, was ignored silently.
import { describe, expect, it } from "vitest";
import { parseSiteConfig } from "../src/config.ts";

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
      problems: [`site.yaml must be a mapping of settings (\`title: ...\` lines), not ${what}.`],
    });
  });

  it("accepts an empty file", () => {
    expect(parseSiteConfig("")).toEqual({ settings: {}, problems: [] });
    expect(parseSiteConfig("---\n")).toEqual({ settings: {}, problems: [] });
  });
});
