import { relative, sep } from "node:path";
import { Eta } from "eta";
import { closeBidiControls } from "../bidi.ts";
import { hashAll, type PageCache } from "../cache/index.ts";
import { pageKey } from "../cache/pageKey.ts";
import type { SiteConfig } from "../config.ts";
import { TemplateError } from "../errors.ts";
import { getOrMake } from "../getOrMake.ts";
import { isIgnoredName } from "../io/ignoredNames.ts";
import { groupBy, keepRelatedLists, type Paper, relatedPapers, relatedWindow, type Site } from "../model/index.ts";
import { dayNumber } from "../model/periods.ts";
import { slugify } from "../model/slug.ts";
import { planSearchShards } from "../search/shards.ts";
import type { PaperEntry } from "../types.ts";
import { apiJson, apiJsonList } from "./apiJson.ts";
import { toBibtex } from "./bibtex.ts";
import { type FeedItem, renderAtom, renderJsonFeed, renderRobots, renderSitemaps } from "./feeds.ts";
import { markdownToPlainText } from "./markdown.ts";
import { outputFile, paths } from "./paths.ts";
import { ETA_OPTIONS, explainTemplateFailure } from "./templateFailure.ts";
import { templateKeys } from "./templateKeys.ts";
import { shortened } from "./text.ts";
import {
  type Linker,
  makeLinker,
  recentDays,
  toArchivePages,
  toAuthorIndexPages,
  toAuthorPages,
  toDayView,
  toPaperRow,
  toPaperView,
  toRankingPages,
  toTagLinks,
  toTagPages,
  weekTop,
} from "./views/index.ts";

/** Output file path (relative to the output folder) to its bytes or text. */
export type RenderedSite = Map<string, string | Uint8Array>;

/** Data every template receives next to its page-specific fields. */
export interface PageMeta {
  readonly title: string;
  readonly description: string;
  /** Site-relative path of the page, e.g. `days/2025-02-11/`. */
  readonly path: string;
  /** OpenGraph type. Default: `website`. */
  readonly type?: "website" | "article";
  /** Absolute https image for cards, if any. */
  readonly image?: string;
  /** JSON-LD object for the page, if any. */
  readonly jsonLd?: object;
  /** Extra feeds to announce besides the site feed. */
  readonly feeds?: readonly { readonly title: string; readonly path: string }[];
  /** Keep out of search engines (the 404 page). Default: false. */
  readonly noindex?: boolean;
}

/** Receives each rendered file: output path and content (bytes are the receiver's from then on). */
export type EmitFile = (path: string, content: string | Uint8Array) => void;

/**
 * Renders every page of the site into a map (for tests and small sites; the build
 * streams pages to disk with `renderPages`).
 * @returns a map from output path to content; nothing is written
 */
export async function renderSite(site: Site, config: SiteConfig, templatesDir: string): Promise<RenderedSite> {
  const out: RenderedSite = new Map();
  await renderPages(site, config, templatesDir, (path, content) => out.set(path, content));
  return out;
}

/** How long rendering runs before it lets the event loop turn (see `breathe`). */
const BREATH_MS = 10;

/**
 * Renders every page, feed and JSON file of the site, handing each to `emit` as soon
 * as it is ready.
 * @param site the site model
 * @param config resolved settings (base path, title, site URL)
 * @param templatesDir folder holding the Eta templates and `assets/`
 * @param emit receives each file once
 * @param pageCache keeps pages whose template inputs did not change, which then never reach `emit`
 *   (issue #5). Default: render all.
 */
export async function renderPages(
  site: Site,
  config: SiteConfig,
  templatesDir: string,
  emit: EmitFile,
  pageCache?: PageCache,
): Promise<void> {
  const eta = new Eta({ ...ETA_OPTIONS, views: templatesDir });
  memoizeTemplatePaths(eta);
  // A page is kept only while the files its template is made of are unchanged too.
  const templateKey = templateKeys(eta, templatesDir);
  const link = makeLinker(config);
  const sitemap: { path: string; lastmod: string | null }[] = [];
  const labels = new Map(
    config.topics.filter((topic) => topic.ko !== null).map((topic) => [slugify(topic.name), topic.ko as string]),
  );

  const render = (template: string, meta: PageMeta, data: object) => {
    const file = outputFile(meta.path);
    const input = { ...data, meta, site: config, link, paths, jsonLd: jsonLdText(meta.jsonLd) };
    let html: string;
    try {
      html = eta.render(template, input);
    } catch (error) {
      pageCache?.forgetPage(file);
      throw new TemplateError(`Template \`${template}\` failed for page /${meta.path}`, {
        cause: new Error(explainTemplateFailure(templatesDir, template, input, error)),
      });
    }
    emit(file, html);
  };
  /** A page kept when the hash of everything its template receives, and of its template's files, is unchanged. */
  const page = (template: string, meta: PageMeta, data: object, lastmod: string | null = null) => {
    if (!meta.noindex) sitemap.push({ path: meta.path, lastmod });
    if (pageCache?.reuse(outputFile(meta.path), pageKey(template, templateKey(template), meta, data))) return;
    render(template, meta, data);
  };
  /**
   * Whether an output file made from `papers` alone (and `parts`) is kept because their
   * source files and tags are unchanged: then its view need not even be built. Adding a
   * day leaves nearly all of them alone, and building and hashing their views was most
   * of such a rebuild (issue #5).
   */
  const keptByPapers = (file: string, parts: readonly string[], papers: readonly Paper[]) =>
    pageCache?.reuse(file, pageCache.papersKey(parts, papers)) === true;
  /**
   * A page of `template` kept by `keptByPapers`, else rendered from what `make` returns.
   * Its key starts with the template's name and files, so `parts` need not name the template.
   */
  const papersPage = (
    template: string,
    path: string,
    lastmod: string | null,
    parts: readonly string[],
    papers: readonly Paper[],
    make: () => { meta: PageMeta; data: object },
  ) => {
    sitemap.push({ path, lastmod });
    if (keptByPapers(outputFile(path), [template, templateKey(template), ...parts], papers)) return;
    const { meta, data } = make();
    render(template, meta, data);
  };
  // Rendering is CPU-bound; letting the event loop run now and then keeps the search
  // indexer's child processes fed with documents while pages render (issue #5); each of
  // its steps waits for a turn. Timed, not counted: turning at every 200th page looked at
  // (a day, a tag page, a paper rendered), adding a day at 1x started indexing the new
  // week only once the last page was done, 0.13 s more at the end of the build.
  let breathed = performance.now();
  const breathe = async () => {
    if (performance.now() - breathed < BREATH_MS) return;
    await new Promise((done) => setImmediate(done));
    breathed = performance.now();
  };
  const titled = (title: string) => `${title} · ${config.title}`;
  const tagLinks = toTagLinks(site, link, labels);
  const authorPages = [...site.authors.values()]
    .filter((author) => author.paperIds.length >= config.authorPageMinPapers)
    .sort((a, b) => (a.slug < b.slug ? -1 : 1));
  const authorPageSlugs = new Set(authorPages.map((author) => author.slug));
  const hasAuthorPage = (slug: string) => authorPageSlugs.has(slug);

  const latest = site.days[0];
  page(
    "home",
    { title: config.title, description: config.description, path: paths.home() },
    {
      day: latest ? toDayView(site, 0, link) : null,
      recent: recentDays(site, 14, link),
      weekTop: weekTop(site, link, 10),
      topTags: tagLinks.slice(0, 16),
    },
    latest?.date ?? null,
  );
  for (const [index, day] of site.days.entries()) {
    await breathe();
    const papers = day.entries.map((entry) => site.papers.get(entry.id) as Paper);
    // Besides its papers (in the day's order), a day shows its title, notes and the neighbouring days' links.
    const own = ["day", day.date, JSON.stringify([day.title, day.notes.map((note) => note.markdown)])];
    const neighbours = [site.days[index - 1], site.days[index + 1]].map((other) =>
      other ? `${other.date} ${other.entries.length}` : "",
    );
    const path = paths.day(day.date);
    papersPage("day", path, day.date, [...own, ...neighbours], papers, () => ({
      meta: {
        title: titled(`${day.date} Daily Papers`),
        description: `${day.date}의 Hugging Face Daily Papers ${day.entries.length}편 한국어 요약`,
        path,
      },
      data: { day: toDayView(site, index, link) },
    }));
    const json = paths.dayJson(day.date);
    if (keptByPapers(json, ["api", ...own], papers)) continue;
    const api = { date: day.date, title: day.title, papers: day.entries.map((entry) => toApiEntry(entry, site)) };
    emit(json, apiJson(api));
  }
  // Which authors link to a page changes when another paper names them.
  const linkedAuthors = (paper: Paper) => paper.authorSlugs.map((slug) => (hasAuthorPage(slug) ? "1" : "0")).join("");
  const keptDays = pageCache ? keptPaperDays(site, pageCache, linkedAuthors, templateKey("paper")) : new Set<string>();
  for (const paper of site.papers.values()) {
    const path = paths.paper(paper.id);
    if (keptDays.has(paper.latest.date)) {
      sitemap.push({ path, lastmod: paper.latest.date });
      continue;
    }
    await breathe();
    const related = relatedPapers(site, paper, 6, pageCache?.related);
    papersPage("paper", path, paper.latest.date, [linkedAuthors(paper)], [paper, ...related], () => {
      const view = toPaperView(paper, link, hasAuthorPage);
      const image = view.entry.media?.kind === "image" ? view.entry.media.url : undefined;
      const description = describePaper(paper.latest);
      const meta: PageMeta = {
        title: titled(paper.latest.title),
        description,
        path,
        type: "article",
        ...(image ? { image } : {}),
        jsonLd: paperJsonLd(paper, link, description, image),
      };
      const rows = related.map((other) => toPaperRow(other, link));
      return { meta, data: { paper: view, related: rows, bibtex: toBibtex(paper) } };
    });
  }

  page(
    "tags",
    { title: titled("주제 태그"), description: `주제 태그 ${tagLinks.length}개와 태그별 논문 수`, path: paths.tags() },
    { tags: tagLinks },
  );
  for (const tag of site.tags.values()) {
    const label = labels.get(tag.slug) ?? null;
    const name = label ? `${tag.name} (${label})` : tag.name;
    const feedPath = paths.tagFeed(tag.slug);
    for (const tagPage of toTagPages(site, tag, link, label, config.perPage, config.rankingSize)) {
      await breathe();
      const order = tagPage.order === "votes" ? "추천순" : "최신순";
      const { range } = tagPage;
      papersPage("tag", tagPage.path, null, tagPage.parts, tagPage.papers, () => ({
        meta: {
          title: titled(range ? `${name} · ${range.from} ~ ${range.to}` : `${name} · ${order}`),
          description: range
            ? `주제 ‘${name}’의 논문 중 ${range.from}부터 ${range.to}까지 소개된 것`
            : tagPage.order === "votes"
              ? `주제 ‘${name}’의 논문을 추천 수로 줄 세운 순위`
              : `주제 ‘${name}’의 논문 ${tag.paperIds.length}편 (${order})`,
          path: tagPage.path,
          feeds: [{ title: `${name} 피드`, path: feedPath }],
        },
        data: { tag: tagPage.view() },
      }));
    }
    const info = {
      title: `${config.title} · ${name}`,
      description: `주제 ‘${name}’의 최신 논문`,
      path: feedPath,
      pagePath: paths.tag(tag.slug),
      author: config.title,
    };
    // A feed is its newest papers, so it is kept while they are (its author, the site's
    // title, is in its own title): rendering every tag's feed was 26 ms of a 1 s profile of
    // adding a day at 1x (issue #5).
    const feedPapers = tag.paperIds.slice(0, config.feedSize).map((id) => site.papers.get(id) as Paper);
    if (keptByPapers(feedPath, ["tag feed", info.title, info.description, info.pagePath], feedPapers)) continue;
    emit(feedPath, renderAtom(info, feedItems(feedPapers), link));
  }

  for (const ranking of toRankingPages(site, link, config.rankingSize)) {
    await breathe();
    papersPage("ranking", ranking.path, null, ranking.parts, ranking.papers, () => ({
      meta: { title: titled(ranking.title), description: ranking.intro, path: ranking.path },
      data: { ranking: ranking.view() },
    }));
  }
  for (const { path, view } of toArchivePages(site, link)) {
    const meta = view.first
      ? { title: titled("아카이브"), description: "최근 연도의 달별 달력과 연도별 아카이브", path }
      : { title: titled(`아카이브 · ${view.year.year}년`), description: `${view.year.year}년의 달별 달력`, path };
    page("archive", meta, { archive: view });
  }
  for (const { path, view } of toAuthorIndexPages(site, authorPages, link, config.authorPageMinPapers)) {
    const title = view.section === null ? "저자" : `저자 · ${view.section}`;
    const description =
      view.section === null
        ? `저자 ${authorPages.length}명과 그들의 논문`
        : `‘${view.section}’ 항목의 저자 ${view.authors.length}명과 그들의 논문`;
    page("authors", { title: titled(title), description, path }, { authors: view });
  }
  for (const author of authorPages) {
    await breathe();
    for (const authorPage of toAuthorPages(site, author, link, config.perPage)) {
      const { path, range } = authorPage;
      papersPage("author", path, null, authorPage.parts, authorPage.papers, () => {
        const view = authorPage.view();
        return {
          meta: {
            title: titled(range ? `${author.name} · ${range.from} ~ ${range.to}` : author.name),
            description: range
              ? `${author.name}의 논문 중 ${range.from}부터 ${range.to}까지 소개된 것`
              : `${author.name}의 논문 ${author.paperIds.length}편`,
            path,
          },
          data: view,
        };
      });
    }
  }
  // Search (issue #4): the page is static; templates/assets/search.js reads `?q=`.
  page(
    "search",
    { title: titled("검색"), description: "제목, 저자, arXiv id, 한국어·영어 낱말로 논문 찾기", path: paths.search() },
    // The search index comes in shards (src/search/shards.ts); the page merges the others into the main one.
    {
      shards: planSearchShards(site)
        .slice(1)
        .map((shard) => shard.dir),
    },
  );
  page(
    "404",
    {
      title: titled("페이지를 찾을 수 없습니다"),
      description: "요청한 페이지가 없습니다.",
      path: paths.notFound(),
      noindex: true,
    },
    { recent: recentDays(site, 7, link) },
  );

  const siteFeed = {
    title: config.title,
    description: config.description,
    path: paths.feedAtom(),
    pagePath: paths.home(),
    author: config.title,
  };
  const items = feedItems(site.newest.slice(0, config.feedSize));
  emit(paths.feedAtom(), renderAtom(siteFeed, items, link));
  emit(paths.feedJson(), renderJsonFeed({ ...siteFeed, path: paths.feedJson() }, items, link));
  // The sitemap protocol requires absolute URLs, so without `siteUrl` there is none (build warns).
  if (config.siteUrl !== "") for (const [path, xml] of renderSitemaps(sitemap, link)) emit(path, xml);
  emit(paths.robots(), renderRobots(config.siteUrl !== "" ? link : null));
  // Every appearance, one file per year: a single file was 104 MB at ten years, past what
  // git accepts in one file, and rewritten whenever any day changed (issue #5).
  const years = [...groupBy(site.days, (day) => day.date.slice(0, 4))].map(([year, days]) => ({
    year,
    days,
    entries: days.flatMap((day) => day.entries),
  }));
  for (const { year, days, entries } of years) {
    const file = paths.yearJson(year);
    const papers = entries.map((entry) => site.papers.get(entry.id) as Paper);
    if (keptByPapers(file, ["api", year, ...days.map((day) => day.date)], papers)) continue;
    emit(
      file,
      apiJsonList(entries, (entry) => toApiEntry(entry, site)),
    );
  }
  // `papers` counts each paper once, as the site's pages do; `appearances` counts the
  // records a year's file holds, a paper shown on two days being two of them.
  const distinct = (entries: readonly PaperEntry[]) => new Set(entries.map((entry) => entry.id)).size;
  const index = {
    papers: site.papers.size,
    appearances: site.entries.length,
    years: years.map(({ year, entries }) => ({
      year,
      papers: distinct(entries),
      appearances: entries.length,
      url: link.href(paths.yearJson(year)),
    })),
    days: site.days.map((day) => ({
      date: day.date,
      papers: day.entries.length,
      url: link.href(paths.dayJson(day.date)),
    })),
  };
  emit(paths.apiIndex(), apiJson(index));
}

/**
 * The days whose papers' pages (the papers whose newest appearance is that day) are all
 * kept, each day's checked at once (issue #5). A paper page shows the paper, its author
 * links and its related papers, which come from the days of `relatedWindow`; so one key
 * of the papers of those days (their ids, source files and tags, by day), of the day's
 * author links and of the paper template's files (`paperTemplateKey`) finds all of the
 * day's pages unchanged, and their related lists need not even be looked up. Adding a day
 * at ten years: 4.2 to 4.5 s against 4.6 to 4.9 s keying each page.
 */
function keptPaperDays(
  site: Site,
  pageCache: PageCache,
  linkedAuthors: (paper: Paper) => string,
  paperTemplateKey: string,
): Set<string> {
  const byDay = groupBy(site.newest, (paper) => paper.latest.date);
  // "" when a paper's source files are unknown: then no day within the window of its day is
  // kept. "-" for a day that is no paper's newest appearance.
  const digests = new Map([...byDay].map(([date, papers]) => [dayNumber(date), pageCache.papersKey([], papers)]));
  const kept = new Set<string>();
  for (const [date, papers] of byDay) {
    const parts = [paperTemplateKey, date];
    const { from, to } = relatedWindow(date);
    for (let day = from; day <= to; day++) parts.push(digests.get(day) ?? "-");
    if (parts.includes("")) continue;
    for (const paper of papers) parts.push(paper.id, linkedAuthors(paper));
    const files = papers.map((paper) => outputFile(paths.paper(paper.id)));
    if (!pageCache.reuseGroup(`papers ${date}`, hashAll(parts), files)) continue;
    kept.add(date);
    if (pageCache.related) keepRelatedLists(site, date, pageCache.related);
  }
  return kept;
}

function feedItems(papers: readonly Paper[]): FeedItem[] {
  return papers.map((paper) => ({ paper, summary: describePaper(paper.latest, 600) }));
}

function paperJsonLd(paper: Paper, link: Linker, description: string, image: string | undefined): object {
  return {
    "@context": "https://schema.org",
    "@type": "ScholarlyArticle",
    headline: paper.latest.title,
    name: paper.latest.title,
    description,
    url: link.absolute(paths.paper(paper.id)),
    sameAs: [paper.latest.url, `https://huggingface.co/papers/${paper.id}`],
    identifier: `arXiv:${paper.id}`,
    author: paper.authors.map((name) => ({ "@type": "Person", name })),
    datePublished: paper.entries[0]?.date,
    keywords: paper.tags.join(", "),
    inLanguage: "ko",
    ...(image ? { image } : {}),
  };
}

/** JSON for a `<script>` element: `<` escaped so no text can close the element. */
function jsonLdText(data: object | undefined): string | null {
  return data === undefined ? null : JSON.stringify(data).replace(/</g, "\\u003c");
}

/** The public JSON shape of one appearance, with the paper's full tag list. */
export function toApiEntry(entry: PaperEntry, site: Site): PaperEntry {
  return { ...entry, tags: site.papers.get(entry.id)?.tags ?? entry.tags };
}

/**
 * One line about a paper for meta descriptions and feeds. A summary's bidi controls are
 * bounded by its paragraph on the page, but not on this line, and a cut can drop the
 * closer a title was given: so what the line leaves open is closed (see bidi.ts).
 */
function describePaper(entry: PaperEntry, max = 160): string {
  const text = entry.whatsNew ?? entry.bullets[0] ?? entry.technicalDetails ?? entry.title;
  const plain = markdownToPlainText(text);
  return closeBidiControls(shortened(plain, max)).text;
}

/**
 * Makes `eta` resolve each template name once per including file. Eta works the path
 * out again on every render and include (a JSON key, then path joins): 0.15 s of a cold
 * build at 1x, whose pages include partials tens of thousands of times (issue #5).
 */
function memoizeTemplatePaths(eta: Eta): void {
  const resolve = eta.resolvePath;
  // By including file, then by name: a key joined from the two was a new string to hash
  // for each of the hundreds of thousands of includes of a cold build (issue #5).
  const resolved = new Map<string, Map<string, string>>();
  eta.resolvePath = (template, options) =>
    getOrMake(
      getOrMake(resolved, options?.filepath ?? "", () => new Map()),
      template,
      () => refuseIgnoredTemplate(template, resolve.call(eta, template, options), eta.config.views),
    );
}

/**
 * A template must be a file the build hashes and the dev server watches: a partial named
 * like a dot-file (`partials/.extra.eta`) rendered, but an edit to it left every page as
 * it was, since the build saw no template change (see `isIgnoredName`).
 * @returns `path` when it may be used
 */
function refuseIgnoredTemplate(template: string, path: string, views: string | undefined): string {
  const parts = relative(views ?? "", path).split(sep);
  if (parts.some(isIgnoredName))
    throw new Error(
      `Template \`${template}\` is ${path}: a name that starts with \`.\`, a \`node_modules\` folder or an editor's leftover is ignored (an edit to it would not rebuild the site). Rename it.`,
    );
  return path;
}

export type { Linker };
