// The /search/ page: reads ?q=, asks Pagefind, shows results. No framework.
import {
  buildSnippet,
  excerptIsVisible,
  highlightTerms,
  isArxivId,
  leadSnippet,
  mergePartialMatches,
  normalizeQuery,
  openIndex,
  preloadQuery,
} from "./search-query.js";

const root = document.getElementById("search-page");
const form = root.querySelector("form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const base = root.dataset.base ?? "/";
const HIDDEN_TOKENS_MARK = "¶‖§";
const PAGE_SIZE = 20;
const ENOUGH = 5;

let pagefindPromise = null;
function loadPagefind() {
  // Record URLs are site-relative (`/papers/…/`); results link under the base path.
  pagefindPromise ??= import(root.dataset.bundle).then((pagefind) =>
    openIndex(pagefind, root.dataset.shards, { baseUrl: base, excerptLength: 40 }),
  );
  return pagefindPromise;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderResult(data, terms) {
  const item = element("li", "search-result");
  const heading = element("h2", "search-result-title");
  const link = element("a", "", data.meta.title ?? data.url);
  link.href = data.url;
  // An English title says so, for a screen reader's voice, as the pages' titles do.
  if (data.meta.titleLang) link.lang = data.meta.titleLang;
  heading.append(link);
  const meta = element("p", "search-result-meta");
  if (data.meta.date) {
    const time = element("time", "", data.meta.date);
    time.dateTime = data.meta.date;
    meta.append(time);
  }
  if (data.meta.votes) meta.append(element("span", "votes", `▲ ${data.meta.votes}`));
  if (data.meta.id) meta.append(element("span", "arxiv-id", `arXiv ${data.meta.id}`));
  const snippet = element("p", "search-result-snippet");
  const visible = data.content.split(HIDDEN_TOKENS_MARK)[0] ?? "";
  // Our own snippet marks Korean matches inside words (학습 in 강화학습을); Pagefind's
  // excerpt is the fallback when it shows the summary, not the hidden tokens; else the summary's start.
  const html =
    buildSnippet(visible, terms) ??
    (excerptIsVisible(data.excerpt, visible) ? data.excerpt : null) ??
    leadSnippet(visible, data.meta.title ?? "");
  snippet.innerHTML = html ?? "";
  item.append(heading, meta, snippet);
  const tags = (data.meta.tags ?? "").split(", ").filter((tag) => tag !== "");
  if (tags.length > 0) {
    const tagLine = element("p", "tags");
    for (const tag of tags) tagLine.append(element("span", "tag", tag), " ");
    item.append(tagLine);
  }
  return item;
}

async function searchWithFallback(pagefind, query) {
  const words = query.split(" ");
  await preloadQuery(pagefind, query);
  const whole = await pagefind.search(query);
  if (words.length < 2 || whole.results.length >= ENOUGH) return { results: whole.results, partial: 0 };
  const perWord = await Promise.all(words.map((word) => pagefind.search(word)));
  return mergePartialMatches(
    whole.results,
    perWord.map((response) => response.results),
  );
}

let generation = 0;
async function search(raw, { updateUrl }) {
  const current = ++generation;
  const query = normalizeQuery(raw);
  if (updateUrl) {
    const url = new URL(location.href);
    if (raw.trim() === "") url.searchParams.delete("q");
    else url.searchParams.set("q", raw.trim());
    history.replaceState(null, "", url);
  }
  if (query === "") {
    list.replaceChildren();
    status.textContent = "";
    root.dataset.state = "idle";
    return;
  }
  root.dataset.state = "loading";
  let found;
  try {
    found = await searchWithFallback(await loadPagefind(), query);
  } catch {
    // No bundle (a build with --no-search, e.g. the dev server) or offline: say so.
    pagefindPromise = null;
    if (current !== generation) return;
    status.textContent = "검색 색인을 불러오지 못했습니다. 날짜별 목록이나 주제 태그에서 찾아 보세요.";
    root.dataset.state = "error";
    return;
  }
  if (current !== generation) return;
  let { results, partial } = found;
  let page;
  if (isArxivId(query)) {
    // An id names one paper; Pagefind would also list papers that share a part of it
    // (its own ranks first, so the first hundred are enough to find it among).
    const all = await Promise.all(results.slice(0, 100).map((result) => result.data()));
    page = all.filter((data) => data.meta.id === query);
    results = page;
    partial = 0;
  } else page = await Promise.all(results.slice(0, PAGE_SIZE).map((result) => result.data()));
  const terms = highlightTerms(query);
  if (current !== generation) return;
  list.replaceChildren(...page.map((data) => renderResult(data, terms)));
  const total = results.length;
  const shown = raw.trim();
  status.textContent =
    total === 0
      ? `“${shown}”에 맞는 논문이 없습니다.`
      : `“${shown}” 검색 결과 ${total}편${partial > 0 ? ` (모든 낱말이 맞는 논문 ${total - partial}편)` : ""}` +
        `${total > PAGE_SIZE ? `, 상위 ${PAGE_SIZE}편을 보여 줍니다` : ""}`;
  root.dataset.state = "done";
}

function resultLinks() {
  return [...list.querySelectorAll(".search-result-title a")];
}

// ↓ from the box goes to the first result, ↓/↑ move between results, ↑ from the first
// goes back to the box, Escape returns to the box from anywhere in the list.
function onKeydown(event) {
  const links = resultLinks();
  const at = links.indexOf(document.activeElement);
  let next = null;
  if (event.key === "ArrowDown") next = event.target === input ? links[0] : links[at + 1];
  else if (event.key === "ArrowUp" && at >= 0) next = at === 0 ? input : links[at - 1];
  else if (event.key === "Escape" && at >= 0) next = input;
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

let timer = 0;
input.addEventListener("input", () => {
  clearTimeout(timer);
  loadPagefind();
  timer = setTimeout(() => search(input.value, { updateUrl: true }), 150);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  search(input.value, { updateUrl: true });
});
root.addEventListener("keydown", onKeydown);

const initial = new URLSearchParams(location.search).get("q") ?? "";
input.value = initial;
const headerBox = document.getElementById("site-search");
if (headerBox) headerBox.value = initial;
input.focus();
search(initial, { updateUrl: false });
