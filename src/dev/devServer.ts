import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { type BuildOptions, type BuildResult, build, siteConfigOf } from "../build.ts";
import { isIgnoredName } from "../io/ignoredNames.ts";
import { committedWrites, OutputClaimedError, writesStopped } from "../io/index.ts";
import { escapeXml } from "../render/text.ts";
import { buildFailedLine, buildSummaryLine, diagnosticLines, failureLines } from "../report.ts";
import { contentType, lookupOutputFile } from "./staticFiles.ts";

/** Options of `startDevServer`. */
export interface DevServerOptions {
  readonly build: BuildOptions;
  /** Port to listen on; 0 picks a free one. Default: 8080. */
  readonly port?: number;
  /** Host to bind. Default: `127.0.0.1` (never exposed beyond this machine). */
  readonly host?: string;
  /** Where build summaries and errors go. Default: stderr. */
  readonly log?: (line: string) => void;
  /** Quiet time after a change before rebuilding, in ms. Default: 80. */
  readonly debounceMs?: number;
}

/** A running dev server. */
export interface DevServer {
  readonly url: string;
  /** Resolves after the rebuild that follows pending changes (or at once when idle). */
  settled(): Promise<void>;
  /** Whether a build is running that has not yet replaced the output folder (Ctrl-C then drops it, see cli.ts). */
  building(): boolean;
  /** Resolves when the build running now has ended, its cache saved (at once when none is). */
  finishing(): Promise<void>;
  close(): Promise<void>;
}

/** How long the dev server waits before building again while another build holds the output folder. */
const CLAIM_RETRY_MS = 1000;

/** Path of the live-reload event stream; at the origin's root, so a page under `--base /repo/` reaches it. */
export const RELOAD_PATH = "/__digest/events";

/** Path of the shared worker that holds one event stream for every open page; at the origin's root too. */
export const RELOAD_WORKER_PATH = "/__digest/worker.js";

/**
 * The shared worker: Chromium opens at most 6 HTTP/1.1 connections per host, and an event
 * stream per tab held them all, so the seventh tab never loaded. It passes each generation on
 * to every page, the last one to a page as it connects; a page says goodbye as it goes, or
 * every reload would leave its port behind.
 */
const RELOAD_WORKER = `const pages=new Set();let last;
new EventSource(${JSON.stringify(RELOAD_PATH)}).addEventListener("reload",(e)=>{last=e.data;for(const p of pages)p.postMessage(last);});
onconnect=(e)=>{const p=e.ports[0];pages.add(p);p.onmessage=(m)=>{if(m.data==="bye")pages.delete(p);};if(last!==undefined)p.postMessage(last);};
`;

/**
 * Injected into HTML only by the dev server; the built files never contain it. A page
 * reloads when the build generation it is told differs from the one it was served with: a
 * page that was itself reloading when the last `reload` was sent had no stream open then,
 * and stayed on old content. Without SharedWorker it holds an event stream of its own.
 * @param generation the build generation of the content the page is served with
 */
function reloadScript(generation: number): string {
  return `<script>(()=>{const g=${generation},r=(n)=>{if(+n!==g)location.reload()};if(typeof SharedWorker==="function"){const p=new SharedWorker(${JSON.stringify(RELOAD_WORKER_PATH)}).port;p.onmessage=(e)=>r(e.data);addEventListener("pagehide",()=>p.postMessage("bye"));}else new EventSource(${JSON.stringify(RELOAD_PATH)}).addEventListener("reload",(e)=>r(e.data));})();</script>`;
}

/** The event that tells pages the generation of the site: it differs from theirs after a change. */
function reloadEvent(generation: number): string {
  return `event: reload\ndata: ${generation}\n\n`;
}

/**
 * The page shown in place of every page while the last build failed.
 * @param generation the build generation it shows (see `injectReload`)
 */
export function errorOverlay(message: string, generation: number): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>빌드 실패</title></head><body style="font:14px/1.5 monospace;padding:2rem;background:#2b0d0d;color:#ffd7d7"><h1>빌드 실패 · Build failed</h1><pre style="white-space:pre-wrap">${escapeXml(message)}</pre><p>파일을 고치면 자동으로 다시 빌드합니다.</p>${reloadScript(generation)}</body></html>`;
}

/**
 * The bar shown at the top of every page while the last build had errors in content
 * files: the build went on without those entries or files, so the site is there to read,
 * and only what the errors name is missing from it.
 */
function errorBanner(errors: string): string {
  const count = errors.split("\n").filter((line) => /: error: /.test(line)).length;
  return `<div role="alert" style="position:sticky;top:0;z-index:2147483647;max-height:40vh;overflow:auto;font:13px/1.5 monospace;padding:0.75rem 1rem;background:#2b0d0d;color:#ffd7d7"><strong>내용 오류 ${count}개 · Content errors</strong>: 오류가 난 항목은 빼고, 잘못된 설정은 기본값으로 빌드했습니다. 파일을 고치면 자동으로 다시 빌드합니다.<pre style="white-space:pre-wrap;margin:0.5rem 0 0">${escapeXml(errors)}</pre></div>`;
}

/**
 * Adds the live-reload script before `</body>` (or at the end), and the bar of content
 * errors, if any, right after `<body>` (or at the start).
 * @param generation the build generation of the page's content: the count of builds that
 *   changed the site or its errors, taken before the file was read
 * @param errors the last build's content errors, one diagnostic a line, or `null`
 */
export function injectReload(html: string, generation: number, errors: string | null = null): string {
  const script = reloadScript(generation);
  const end = html.lastIndexOf("</body>");
  let page = end === -1 ? html + script : html.slice(0, end) + script + html.slice(end);
  if (errors !== null) {
    // After `<body>`; without one, after the head or the doctype, which must stay first.
    const opening = /<body[^>]*>/i.exec(page) ?? /<\/head>/i.exec(page) ?? /^<!doctype[^>]*>/i.exec(page);
    const at = opening === null ? 0 : opening.index + opening[0].length;
    page = page.slice(0, at) + errorBanner(errors) + page.slice(at);
  }
  return page;
}

/**
 * Builds the site, serves the output folder under the base path, watches the
 * content folder, the templates and the settings file, rebuilds incrementally
 * on change and reloads open pages. A failed build shows its diagnostic in the
 * terminal and in place of every page, and errors in content files (which a build goes
 * on without) in a bar on top of every page; the server keeps running.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const outDir = resolve(options.build.outDir);
  const clients = new Set<ServerResponse>();
  /** Builds that changed the site or its errors: what pages compare to reload. */
  let generation = 0;
  /** The last build's failure (it wrote nothing): every page is its message instead. */
  let failure: string | null = null;
  /** The last build's errors in content files, which it built without: a bar on every page. */
  let contentErrors: string | null = null;
  // The settings' base path until a build says it, so that pages are served under it when
  // the first build fails too; a failed build leaves it as it was.
  let basePath = (await siteConfigOf(options.build)).basePath;
  let running: Promise<void> = Promise.resolve();
  /** The build running now, or the last one. */
  let current: Promise<void> = Promise.resolve();
  let again = false;
  let building = false;
  /** `committedWrites()` when the build running now began. */
  let commitsBefore = 0;
  /** Set while another build holds the output folder: this server builds again once it is free. */
  let retry: NodeJS.Timeout | undefined;
  /** Files of the last build that did not fail: a build that only removed some changed the site too. */
  let lastFiles = -1;

  const runBuild = async (): Promise<void> => {
    const started = performance.now();
    const { contentDir, outDir: shownOutDir } = options.build;
    const failureBefore = failure;
    const contentErrorsBefore = contentErrors;
    commitsBefore = committedWrites();
    // A failed build changed no file: only a change of its errors is worth a reload.
    let changed = false;
    try {
      const result: BuildResult = await build(options.build);
      basePath = result.config.basePath;
      for (const line of diagnosticLines(result.diagnostics, contentDir)) log(line);
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      failure = null;
      contentErrors = errors.length > 0 ? diagnosticLines(errors, contentDir).join("\n") : null;
      log(buildSummaryLine(result, (performance.now() - started) / 1000, shownOutDir));
      // Kept files count as unchanged: a build that wrote and removed nothing changed no page.
      changed = result.written > 0 || result.pages !== lastFiles;
      lastFiles = result.pages;
    } catch (error) {
      // Stopped by Ctrl-C: the process is ending, and the build failed only for that.
      if (writesStopped()) return;
      failure = failureLines(error, contentDir).join("\n");
      log(failure);
      log(buildFailedLine(error, (performance.now() - started) / 1000, shownOutDir));
      // Another build holds the output folder (`npm run build` into it, say), and no change
      // here would start the next build once it is done: try again until it is.
      if (error instanceof OutputClaimedError && retry === undefined)
        retry = setTimeout(() => {
          retry = undefined;
          void schedule();
        }, CLAIM_RETRY_MS);
    }
    if (!changed && failure === failureBefore && contentErrors === contentErrorsBefore) return;
    generation += 1;
    for (const client of clients) client.write(reloadEvent(generation));
  };

  const schedule = () => {
    if (building) {
      again = true;
      return running;
    }
    building = true;
    running = (async () => {
      do {
        again = false;
        current = runBuild();
        await current;
      } while (again);
      building = false;
    })();
    return running;
  };

  const server: Server = createServer((request, response) => {
    // One request that fails must not end the server (its rejection ended the process).
    handle(request, response).catch((error: unknown) => {
      log(`Internal error: the dev server could not answer ${request.method} ${request.url}: ${String(error)}`);
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      response.end("Internal error");
    });
  });
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = requestUrl(request);
    if (url === null) {
      response.writeHead(400).end("Bad request");
      return;
    }
    if (url.pathname === RELOAD_PATH) {
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      // On connect too: a page that missed the last change while it loaded reloads now.
      response.write(reloadEvent(generation));
      clients.add(response);
      request.on("close", () => clients.delete(response));
      return;
    }
    if (url.pathname === RELOAD_WORKER_PATH) {
      response.writeHead(200, { "content-type": contentType(RELOAD_WORKER_PATH), "cache-control": "no-store" });
      response.end(RELOAD_WORKER);
      return;
    }
    // Taken before the file is read: a page read while a build commits is told it is behind.
    const served = generation;
    const lookup = await lookupOutputFile(outDir, basePath, url.pathname);
    if (lookup.kind === "outside-base") {
      response.writeHead(302, { location: basePath });
      response.end();
      return;
    }
    if (lookup.kind === "bad-path") {
      response.writeHead(400).end("Bad path");
      return;
    }
    const target = lookup.file;
    const type = contentType(target);
    if (failure !== null && type.startsWith("text/html")) {
      response.writeHead(500, { "content-type": contentType("index.html"), "cache-control": "no-store" });
      response.end(errorOverlay(failure, served));
      return;
    }
    const body = await readFile(target).catch(() => null);
    if (body === null) {
      const notFound = await readFile(join(outDir, "404.html"), "utf8").catch(
        () => "<!doctype html><title>404</title>",
      );
      response.writeHead(404, { "content-type": contentType("index.html"), "cache-control": "no-store" });
      // A failed build's message replaces pages, not missing files: no stale bar on them.
      response.end(injectReload(notFound, served, failure === null ? contentErrors : null));
      return;
    }
    response.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    response.end(type.startsWith("text/html") ? injectReload(body.toString("utf8"), served, contentErrors) : body);
  };

  const port = options.port ?? 8080;
  const host = options.host ?? "127.0.0.1";
  // The port first: a port in use is said at once, not after a whole first build. Pages
  // asked for meanwhile come from the output folder as it is, and reload once it is built.
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => done());
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address !== null ? address.port : port;
  await schedule();

  const watcher = watchSources([options.build.contentDir, options.build.templatesDir]);
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<void> = Promise.resolve();
  let release: () => void = () => {};
  watcher.on("all", () => {
    if (timer === undefined)
      pending = new Promise((done) => {
        release = done;
      });
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void schedule().then(release);
    }, options.debounceMs ?? 80);
  });
  await new Promise<void>((done) => watcher.once("ready", () => done()));

  return {
    url: `http://${host}:${actualPort}${basePath}`,
    building: () => building && committedWrites() === commitsBefore,
    finishing: () => current,
    settled: async () => {
      await pending;
      await running;
    },
    close: async () => {
      clearTimeout(timer);
      clearTimeout(retry);
      await watcher.close();
      for (const client of clients) client.end();
      const closed = new Promise<void>((done) => server.close(() => done()));
      // Kept-alive connections too, which would hold `close` for seconds.
      server.closeAllConnections();
      await closed;
      await running;
    },
  };
}

/**
 * Watches the content folder (site.yaml too) and the templates from their parent folders:
 * chokidar stops watching a folder it was given once that folder is removed, and says
 * nothing when it comes back, so `rm -rf content` and a copy back stopped every rebuild.
 * Nothing else in the parents is watched.
 */
function watchSources(folders: readonly string[]): FSWatcher {
  const roots = folders.map((folder) => resolve(folder));
  const parents = new Set(roots.map((root) => dirname(root)));
  const ignored = (path: string) => {
    const at = resolve(path);
    return !parents.has(at) && !roots.some((root) => isSourceIn(root, at));
  };
  return watch([...parents], { ignoreInitial: true, ignored });
}

/**
 * Whether `path` is `root` or under it and may change a build: what `isIgnoredName` names
 * never does (no build reads it), and a save in Vim writes three such files.
 */
function isSourceIn(root: string, path: string): boolean {
  const inside = relative(root, path);
  if (inside.startsWith("..") || isAbsolute(inside)) return false;
  return !inside.split(sep).some(isIgnoredName);
}

/**
 * The request's URL, or null when it is none: Node passes on an absolute-form target such
 * as `http://127.0.0.1:99999/` (a port out of range), which `new URL` refuses.
 */
function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? "/", "http://localhost");
  } catch {
    return null;
  }
}
