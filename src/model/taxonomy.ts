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
  readonly patterns: readonly RegExp[];
}

const HANGUL = /\p{Script=Hangul}/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiles one term to a global regular expression. */
export function compileTerm(term: string): RegExp {
  const clean = term.normalize("NFC").trim().replace(/\s+/g, " ");
  const body = escapeRegExp(clean).replace(/ /g, "[\\s-]+");
  if (HANGUL.test(clean)) return new RegExp(body, "giu");
  // ASCII boundaries, not \b or \p{L}: Korean particles follow English words directly (`LLM을`).
  return new RegExp(`(?<![A-Za-z0-9])${body}(?:e?s)?(?![A-Za-z0-9])`, "giu");
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
  const compiled: CompiledTopic[] = topics.map((topic) => ({
    name: topic.name,
    min: topic.min,
    patterns: topic.terms.filter((term) => term.trim() !== "").map(compileTerm),
  }));
  return (entries) => {
    const { titles, body } = textsOf(entries);
    const tags: string[] = [];
    for (const topic of compiled) {
      if (topic.patterns.some((pattern) => new RegExp(pattern).test(titles))) {
        tags.push(topic.name);
        continue;
      }
      let hits = 0;
      for (const pattern of topic.patterns) {
        hits += body.match(pattern)?.length ?? 0;
        if (hits >= topic.min) break;
      }
      if (hits >= topic.min) tags.push(topic.name);
    }
    return tags;
  };
}
