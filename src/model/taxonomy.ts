import { escapeRegExp } from "../regexp.ts";
import type { PaperEntry } from "../types.ts";
import type { TagDeriver } from "./site.ts";

/** One topic of the taxonomy in `content/site.yaml`. */
export interface Topic {
  /** Display name and the source of the slug, e.g. `Diffusion`. */
  readonly name: string;
  /** Korean label shown next to the name, e.g. `확산 모델`. Default: none. */
  readonly ko: string | null;
  /**
   * Terms that mark a paper as on this topic. A term with Hangul matches as a
   * substring; any other term matches case-insensitively on ASCII word
   * boundaries, with an optional plural `s`/`es`.
   */
  readonly terms: readonly string[];
  /**
   * How many term occurrences the summary needs when the title has none.
   * A title match always suffices. Default: 1.
   */
  readonly min: number;
}

interface CompiledTopic {
  readonly name: string;
  readonly min: number;
  /** Any of the topic's terms; global, for counting. */
  readonly anyTerm: RegExp;
  /** The same, not global, so `test` keeps no state between papers. */
  readonly inTitle: RegExp;
}

const HANGUL = /\p{Script=Hangul}/u;

/** The regular-expression source matching one term. */
export function termPattern(term: string): string {
  const clean = term.normalize("NFC").trim().replace(/\s+/g, " ");
  const body = escapeRegExp(clean).replace(/ /g, "[\\s-]+");
  if (HANGUL.test(clean)) return body;
  // ASCII boundaries, not \b or \p{L}: Korean particles follow English words directly (`LLM을`).
  return `(?<![A-Za-z0-9])${body}(?:e?s)?(?![A-Za-z0-9])`;
}

/** The text a paper is matched on: every appearance's title and summary. */
function textsOf(entries: readonly PaperEntry[]): { titles: string; body: string } {
  const titles = entries.map((entry) => entry.title).join("\n");
  const body = entries
    .flatMap((entry) => [
      entry.whatsNew,
      entry.technicalDetails,
      entry.performanceHighlights,
      ...entry.otherSections.map((section) => section.text),
      ...entry.bullets,
    ])
    .filter((text): text is string => text !== null)
    .join("\n");
  return { titles: titles.normalize("NFC"), body: body.normalize("NFC") };
}

/**
 * Makes the tag deriver `buildSite` uses: a paper gets a topic when its title
 * mentions a term, or its summary mentions terms at least `min` times.
 * @param topics the taxonomy, in display order
 * @returns a deriver giving topic names in taxonomy order
 */
export function makeTopicDeriver(topics: readonly Topic[]): TagDeriver {
  const compiled: CompiledTopic[] = topics.flatMap((topic) => {
    const terms = topic.terms.filter((term) => term.trim() !== "");
    if (terms.length === 0) return [];
    const source = terms.map((term) => `(?:${termPattern(term)})`).join("|");
    return [
      { name: topic.name, min: topic.min, anyTerm: new RegExp(source, "giu"), inTitle: new RegExp(source, "iu") },
    ];
  });
  return (entries) => {
    const { titles, body } = textsOf(entries);
    const tags: string[] = [];
    for (const topic of compiled) {
      if (topic.inTitle.test(titles)) tags.push(topic.name);
      else if ((body.match(topic.anyTerm)?.length ?? 0) >= topic.min) tags.push(topic.name);
    }
    return tags;
  };
}
