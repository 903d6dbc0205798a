import type { StandardSection } from "../types.ts";
import { withoutZeroWidth } from "./controlCharacters.ts";

const STANDARD: Record<string, StandardSection> = {
  "what's new": "whatsNew",
  "technical details": "technicalDetails",
  "performance highlights": "performanceHighlights",
};

// `***What's New***:`, `**What's New**:`, `_**What's New**_:`, `**What's New:**`, and the broken
// `***Technical Details*:` seen in 2025-03 files. The label must open with
// emphasis so a plain bullet such as `결과는 다음과 같다: ...` is not a label.
const LABEL = /^([*_]{1,3})([^*_:\n]{1,60}?)\s*([*_]{0,3})[\s\u200B]*[:：]\s*([*_]{1,3}(?=\s))?[ \t]*/;
/** A label without emphasis (`What's New: ...`), taken only when it is one of the three standard ones. */
const PLAIN_LABEL = /^([A-Za-z][A-Za-z'\u2018\u2019\u02BC`´ ]{6,30}?)[ \t]*[:：][ \t]*/;

export interface LabelMatch {
  /** The label as written, trimmed. */
  readonly label: string;
  /** The standard field it maps to, or `null` for other labels. */
  readonly standard: StandardSection | null;
  /** Text after the label. */
  readonly rest: string;
}

/** Recognises a labelled summary bullet from the item's markdown. */
export function matchSectionLabel(itemMarkdown: string): LabelMatch | null {
  const match = LABEL.exec(itemMarkdown);
  if (!match?.[2]) return matchPlainLabel(itemMarkdown);
  const label = match[2].trim();
  if (label === "") return null;
  const rest = itemMarkdown.slice(match[0].length);
  return { label, standard: standardSection(label), rest: withUnclosedEmphasis(match, rest) };
}

/**
 * Gives back to the text the emphasis marks the label opened but did not close, when the
 * text closes them: `***Technical Details*: 본문.**: 3.2` is one `*` around the label and
 * `**` around `본문.` (the real 2025-03-12 file), so the text keeps its `**` and renders
 * bold rather than showing a stray `**` at its end. Marks nothing closes are dropped.
 */
function withUnclosedEmphasis(match: RegExpExecArray, rest: string): string {
  const opened = match[1] ?? "";
  const closed = (match[3] ?? "").length + (match[4] ?? "").length;
  const unclosed = opened.slice(0, Math.max(0, opened.length - closed));
  return unclosed !== "" && closesAt(rest, unclosed) ? unclosed + rest : rest;
}

/**
 * Whether the first run of `marks` in `text` can only close emphasis: right after a
 * character that is not a space, right before a space, punctuation or the end, and not
 * part of a longer run (`본문.**:` closes; `*강조*`, `a*b` and `deep_v1` do not).
 */
function closesAt(text: string, marks: string): boolean {
  const at = text.indexOf(marks);
  if (at <= 0) return false;
  const mark = marks[0] as string;
  const before = text[at - 1] as string;
  const after = text[at + marks.length];
  return (
    !/\s/.test(before) && before !== mark && (after === undefined || (after !== mark && /[\s\p{P}\p{S}]/u.test(after)))
  );
}

function matchPlainLabel(itemMarkdown: string): LabelMatch | null {
  const match = PLAIN_LABEL.exec(itemMarkdown);
  const label = match?.[1]?.trim() ?? "";
  const standard = standardSection(label);
  return match && standard !== null ? { label, standard, rest: itemMarkdown.slice(match[0].length) } : null;
}

/** Maps a label to its standard field, tolerating curly apostrophes, case and spacing. */
export function standardSection(label: string): StandardSection | null {
  const key = withoutZeroWidth(label.normalize("NFC"))
    .replace(/[\u2018\u2019\u02BC`´]/g, "'")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
  return STANDARD[key] ?? null;
}
