/** An arXiv identifier without version, e.g. `2502.08127` or `hep-th/9901001`. */
export type PaperId = string;

/** A day key, always `YYYY-MM-DD`. */
export type DayKey = string;

/** Where a record came from: content-relative file path and 1-based line. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** The thumbnail or video shown with a paper. URLs are always absolute http(s). */
export interface Media {
  readonly kind: "image" | "video";
  readonly url: string;
  /** What the file says the image shows (`![alt](url)`, `<img alt>`); left out when it says nothing. */
  readonly alt?: string;
}

/** The three summary sections every modern entry has, by field name. */
export type StandardSection = "whatsNew" | "technicalDetails" | "performanceHighlights";

/** A labelled summary bullet other than the three standard ones. */
export interface LabelledSection {
  readonly label: string;
  /** Markdown without the label. */
  readonly text: string;
  /**
   * The standard section the file gives last before this one, or null, so that pages
   * show it right after that one (`고찰` between Technical Details and Performance
   * Highlights) whatever order the file gives the standard sections in.
   */
  readonly after: StandardSection | null;
}

/** One appearance of one paper in one daily digest. */
export interface PaperEntry {
  readonly id: PaperId;
  readonly date: DayKey;
  readonly title: string;
  readonly url: string;
  /** `null` when the file gives no count (`Vote: -`, or no Vote line at all). */
  readonly votes: number | null;
  readonly authors: readonly string[];
  readonly whatsNew: string | null;
  readonly technicalDetails: string | null;
  readonly performanceHighlights: string | null;
  readonly otherSections: readonly LabelledSection[];
  /** Unlabelled summary bullets (the 2023 format), as markdown. */
  readonly bullets: readonly string[];
  readonly media: Media | null;
  /** Tags given in front matter; the site model adds taxonomy tags. */
  readonly tags: readonly string[];
  /** Any other markdown inside the entry that has no field of its own. */
  readonly extra: readonly string[];
  readonly source: SourceRef;
}

/** Text of a file that belongs to no paper, kept so nothing is dropped silently. */
export interface DayNote {
  /** The day the note sits under, or `null` for wrapper text outside any day. */
  readonly date: DayKey | null;
  readonly markdown: string;
  readonly source: SourceRef;
}

export type Severity = "error" | "warning" | "info";

/** A problem found in content, with its position. */
export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: Severity;
  /** Stable machine-readable kind, e.g. `vote-unreadable`. */
  readonly code: string;
  readonly message: string;
}

/** Everything one daily file says. */
export interface ParsedFile {
  readonly file: string;
  /** Front-matter `title`, if any. */
  readonly title: string | null;
  readonly entries: readonly PaperEntry[];
  readonly notes: readonly DayNote[];
  readonly diagnostics: readonly Diagnostic[];
}
