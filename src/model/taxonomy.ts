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
  /**
   * Words whose text never counts towards the topic, matched as terms are: a Hangul term
   * matches inside longer words, so `코딩` needs `디코딩` and `인코딩` set aside. Default: none.
   */
  readonly exclude?: readonly string[];
}

interface CompiledTopic {
  readonly name: string;
  readonly min: number;
  /** The pattern of any of the topic's terms. */
  readonly source: string;
  /** Any of the topic's terms; global, for counting. */
  readonly anyTerm: RegExp;
  /** The same, not global, so `test` keeps no state between papers. */
  readonly inTitle: RegExp;
  /** Any of the topic's `exclude` words, global; null when it has none. */
  readonly excluded: RegExp | null;
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

/**
 * What one appearance says towards each topic with terms, in taxonomy order: `TITLE_HIT`
 * when its title has a term, else how many times its summary sections do (each matched on
 * its own, so a term never spans two of them). It depends on the topics' terms alone, so
 * the build cache keeps it per content file and a build matches only new or edited files:
 * matching every paper again was 1.4 s of adding a day at ten years (issue #5).
 */
export type TopicHits = Uint16Array;

/** A `TopicHits` value: the title has a term. Summary counts stop just below it. */
const TITLE_HIT = 0xffff;

/** The summary texts of an appearance, each matched on its own. */
function summaryTexts(entry: PaperEntry): string[] {
  return [
    entry.whatsNew,
    entry.technicalDetails,
    entry.performanceHighlights,
    ...entry.otherSections.map((section) => section.text),
    ...entry.bullets,
  ]
    .filter((text): text is string => text !== null)
    .map((text) => text.normalize("NFC"));
}

/** The taxonomy, compiled: per-appearance matching and the tags that follow from it. */
export interface TopicMatcher {
  /** One appearance's hits. */
  readonly hitsOf: (entry: PaperEntry) => TopicHits;
  /** How many numbers each `TopicHits` holds: one per topic with terms. */
  readonly width: number;
  /**
   * All that hits depend on: the pattern of each topic with terms, in order. Names and `min`
   * are not in it, so hits kept under the same key stay good when only those change.
   */
  readonly key: string;
  /**
   * The tag deriver `buildSite` uses: a paper gets a topic when the title of any of its
   * appearances has a term, or their summaries have terms at least `min` times in all.
   * @param known hits already worked out (by an earlier build), used instead of matching again
   * @returns a deriver giving topic names in taxonomy order
   */
  readonly deriver: (known?: ReadonlyMap<PaperEntry, TopicHits>) => TagDeriver;
}

/** @param topics the taxonomy, in display order */
export function makeTopicMatcher(topics: readonly Topic[]): TopicMatcher {
  const compiled: CompiledTopic[] = topics.flatMap((topic) => {
    const terms = topic.terms.filter((term) => term.trim() !== "");
    if (terms.length === 0) return [];
    const excludes = (topic.exclude ?? []).filter((word) => word.trim() !== "");
    const termSource = terms.map((term) => `(?:${termPattern(term)})`).join("|");
    const excludeSource = excludes.map((word) => `(?:${termPattern(word)})`).join("|");
    return [
      {
        name: topic.name,
        min: topic.min,
        // The hits' cache key: what is set aside changes them as much as the terms do.
        source: excludeSource === "" ? termSource : `${termSource} -(${excludeSource})`,
        anyTerm: new RegExp(termSource, "giu"),
        inTitle: new RegExp(termSource, "iu"),
        excluded: excludeSource === "" ? null : new RegExp(excludeSource, "giu"),
      },
    ];
  });
  const hitsOf = (entry: PaperEntry): TopicHits => {
    const title = entry.title.normalize("NFC");
    const texts = summaryTexts(entry);
    return Uint16Array.from(compiled, (topic) => {
      const { excluded } = topic;
      // Excluded words are set aside only in a text the terms match at all: most match none.
      const hits = (text: string, pattern: RegExp) =>
        pattern.test(text) && (excluded === null || pattern.test(text.replace(excluded, " ")));
      if (hits(title, topic.inTitle)) return TITLE_HIT;
      let count = 0;
      for (const text of texts) {
        const found = text.match(topic.anyTerm)?.length ?? 0;
        count +=
          found === 0 || excluded === null ? found : (text.replace(excluded, " ").match(topic.anyTerm)?.length ?? 0);
      }
      return Math.min(count, TITLE_HIT - 1);
    });
  };
  const deriver =
    (known?: ReadonlyMap<PaperEntry, TopicHits>): TagDeriver =>
    (entries) => {
      const hits = entries.map((entry) => known?.get(entry) ?? hitsOf(entry));
      const tags: string[] = [];
      // Plain loops: this runs for every paper of every build (55,000 at ten years).
      for (let t = 0; t < compiled.length; t++) {
        const topic = compiled[t] as CompiledTopic;
        let count = 0;
        for (const one of hits) count += one[t] === TITLE_HIT ? Number.POSITIVE_INFINITY : (one[t] ?? 0);
        if (count >= topic.min) tags.push(topic.name);
      }
      return tags;
    };
  const key = JSON.stringify(compiled.map((topic) => topic.source));
  return { hitsOf, width: compiled.length, key, deriver };
}
