import type { Day, Paper, Site } from "../../model/index.ts";
import type { LabelledSection, Media, PaperEntry } from "../../types.ts";
import { markdownToPlainText, renderInlineMarkdown, renderMarkdown } from "../markdown.ts";
import { paths } from "../paths.ts";
import { publishableMedia, titleLangAttribute } from "../text.ts";
import { dayEntryHref, type Linker, type NamedLink, paperAnchor, tagLink } from "./rows.ts";

// A paper's summary as a day page and its own page show it.

export interface SectionView {
  readonly label: string;
  readonly html: string;
}

/** One paper as shown in a list or on its own page; all HTML is sanitised. */
export interface EntryView {
  readonly id: string;
  /** Its element's id on a page of summaries, which day links point at. */
  readonly anchor: string;
  readonly title: string;
  /** ` lang="en"` for an English title, else "" (see `titleLangAttribute`), written as it is. */
  readonly titleLangAttr: string;
  readonly href: string;
  readonly date: string;
  readonly dayHref: string;
  readonly arxivUrl: string;
  readonly pdfUrl: string;
  readonly hfUrl: string;
  readonly votes: number | null;
  readonly authors: readonly string[];
  readonly media: Media | null;
  readonly sections: readonly SectionView[];
  readonly bulletsHtml: readonly string[];
  readonly extraHtml: readonly string[];
  readonly tagLinks: readonly NamedLink[];
}

const STANDARD_LABELS = [
  ["whatsNew", "What's New"],
  ["technicalDetails", "Technical Details"],
  ["performanceHighlights", "Performance Highlights"],
] as const;

/**
 * The view of one appearance.
 * @param entry the appearance whose title and summary are shown
 * @param paper the paper it belongs to, for its merged tags
 * @param link builds links under the base path
 * @param authors names to list. Default: the appearance's own authors (a day page);
 *   the paper page passes `paper.authors`, the union over appearances.
 */
export function toEntryView(
  entry: PaperEntry,
  paper: Paper | undefined,
  link: Linker,
  authors: readonly string[] = entry.authors,
): EntryView {
  // Each block of the summary numbers its ids apart from the others' (see renderMarkdown),
  // by the paper and the block's place, which are the same on its day page and its own page.
  let blocks = 0;
  const render = (markdown: string) => renderMarkdown(markdown, `${entry.id}-${++blocks}`);
  const renderInline = (markdown: string) => renderInlineMarkdown(markdown, `${entry.id}-${++blocks}`);
  // Each other section goes right after the standard one the file gives before it.
  const othersAfter = (after: LabelledSection["after"]) =>
    entry.otherSections
      .filter((section) => section.after === after)
      .map((section) => ({ label: section.label, html: render(section.text) }));
  const sections: SectionView[] = othersAfter(null);
  for (const [field, label] of STANDARD_LABELS) {
    const text = entry[field];
    if (text !== null) sections.push({ label, html: render(text) });
    sections.push(...othersAfter(field));
  }
  return {
    id: entry.id,
    anchor: paperAnchor(entry.id),
    title: entry.title,
    titleLangAttr: titleLangAttribute(entry.title),
    href: link.href(paths.paper(entry.id)),
    date: entry.date,
    dayHref: dayEntryHref(link, entry),
    arxivUrl: entry.url,
    pdfUrl: `https://arxiv.org/pdf/${entry.id}`,
    hfUrl: `https://huggingface.co/papers/${entry.id}`,
    votes: entry.votes,
    authors,
    media: publishableMedia(entry.media),
    sections,
    bulletsHtml: entry.bullets.map((bullet) => renderInline(bullet)),
    // An extra that shows nothing (a comment alone) gets no empty box on the page: it shows its
    // text as markdownToPlainText reads it, or a rule, the one element it may hold seen without text.
    extraHtml: entry.extra.flatMap((extra) => {
      const html = render(extra);
      return markdownToPlainText(extra) !== "" || /<hr\b/.test(html) ? [html] : [];
    }),
    tagLinks: (paper?.tags ?? entry.tags).map((name) => tagLink(name, link)),
  };
}

export interface DayLink {
  readonly date: string;
  readonly href: string;
  readonly count: number;
}

export interface DayView {
  readonly date: string;
  readonly title: string | null;
  readonly entries: readonly EntryView[];
  readonly notesHtml: readonly string[];
  readonly newer: DayLink | null;
  readonly older: DayLink | null;
}

function dayLink(day: Day | undefined, link: Linker): DayLink | null {
  return day ? { date: day.date, href: link.href(paths.day(day.date)), count: day.entries.length } : null;
}

/** The view of `site.days[index]` (days are newest first). */
export function toDayView(site: Site, index: number, link: Linker): DayView {
  const day = site.days[index] as Day;
  return {
    date: day.date,
    title: day.title,
    entries: day.entries.map((entry) => toEntryView(entry, site.papers.get(entry.id), link)),
    notesHtml: day.notes.map((note, index) => renderMarkdown(note.markdown, `note-${index + 1}`)),
    newer: dayLink(site.days[index - 1], link),
    older: dayLink(site.days[index + 1], link),
  };
}

export interface AppearanceView {
  readonly date: string;
  readonly href: string;
  readonly title: string;
  readonly titleLangAttr: string;
  readonly votes: number | null;
}

/** An author on a paper page: linked when they have a page of their own. */
export interface AuthorLink {
  readonly name: string;
  readonly href: string | null;
}

export interface PaperView {
  readonly entry: EntryView;
  readonly authors: readonly AuthorLink[];
  readonly votes: number | null;
  readonly appearances: readonly AppearanceView[];
}

/**
 * A paper's own page: the newest summary, every author over all appearances, and each appearance.
 * @param hasAuthorPage whether the author with this slug has a page to link to
 */
export function toPaperView(paper: Paper, link: Linker, hasAuthorPage: (slug: string) => boolean): PaperView {
  return {
    entry: toEntryView(paper.latest, paper, link, paper.authors),
    authors: paper.authors.map((name, index) => {
      const slug = paper.authorSlugs[index] as string;
      return { name, href: hasAuthorPage(slug) ? link.href(paths.author(slug)) : null };
    }),
    votes: paper.votes,
    appearances: paper.entries.map((entry) => ({
      date: entry.date,
      href: dayEntryHref(link, entry),
      title: entry.title,
      titleLangAttr: titleLangAttribute(entry.title),
      votes: entry.votes,
    })),
  };
}

/** Recent days for the home page's list. */
export function recentDays(site: Site, count: number, link: Linker): DayLink[] {
  return site.days.slice(0, count).map((day) => dayLink(day, link) as DayLink);
}
