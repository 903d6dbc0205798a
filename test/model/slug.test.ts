import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { asciiSlug, SLUG_MAX_BYTES, slugify, unicodeSlug } from "../../src/model/slug.ts";

describe("slugify", () => {
  it.each([
    ["LLM", "llm"],
    [" llm ", "llm"],
    ["Llm", "llm"],
    ["강화학습", "강화학습"],
    ["강화 학습", "강화-학습"],
    ["\u1100\u1161\u11a8", "각"], // NFD Hangul becomes NFC
    ["Speech & Audio", "speech-audio"],
    ["Mixture of Experts", "mixture-of-experts"],
    ["C++", "c-plus-plus"],
    ["José García", "jose-garcia"],
    ["Łukasz Kaiser", "lukasz-kaiser"],
    ["Søren Hauberg", "soren-hauberg"],
    ["Matthias Nießner", "matthias-niessner"],
    ["Æsa Þórsdóttir", "aesa-thorsdottir"],
    ["Md. Ashraful Islam", "md-ashraful-islam"],
    ["3D", "3d"],
    ["GUI & Web", "gui-web"],
    ["王小明", "王小明"],
    ["!!!", "-"],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("cuts a slug past a folder name's length, keeping its start and a hash of the whole", () => {
    const long = slugify("가".repeat(100));
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(SLUG_MAX_BYTES);
    expect(long).toMatch(/^가{37}-[0-9a-f]{8}$/);
    // Names alike up to the cut still get slugs of their own.
    expect(slugify(`${"a".repeat(200)} x`)).not.toBe(slugify(`${"a".repeat(200)} y`));
    expect(slugify("a".repeat(SLUG_MAX_BYTES))).toBe("a".repeat(SLUG_MAX_BYTES));
  });

  test.prop([fc.string({ maxLength: 400 })])("never makes a slug longer than a folder name may be", (name) => {
    expect(new TextEncoder().encode(slugify(name)).length).toBeLessThanOrEqual(SLUG_MAX_BYTES);
  });

  test.prop([fc.string()])("is idempotent", (name) => {
    const once = slugify(name);
    expect(once === "-" || slugify(once) === once).toBe(true);
  });

  // The fast path for ASCII names must be the same rule as the Unicode one.
  const asciiText = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)) });
  test.prop([asciiText])("slugs an ASCII name as the Unicode rule does", (name) => {
    expect(asciiSlug(name)).toBe(unicodeSlug(name));
  });

  test.prop([fc.string({ unit: "grapheme" }).filter((name) => [...name].some((char) => char.charCodeAt(0) >= 0x80))])(
    "leaves any other name to the Unicode rule",
    (name) => {
      expect(asciiSlug(name)).toBeNull();
    },
  );

  it("leaves a very long ASCII name to the Unicode rule, with the same slug", () => {
    const long = "Ab+ ".repeat(2000);
    expect(asciiSlug(long)).toBeNull();
    expect(unicodeSlug(long)).toBe(Array(2000).fill("ab-plus").join("-"));
    // and slugify cuts that to a folder name's length.
    expect(slugify(long)).toMatch(/^(ab-plus-){14}[0-9a-f]{8}$/);
  });
});
