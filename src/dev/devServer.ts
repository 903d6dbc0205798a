import { randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { dirname, join, relative, resolve, sep } from "node:path";
import { type FSWatcher, watch } from "chokidar";
import { type BuildOptions, type BuildResult, build, siteConfigOf } from "../build.ts";
import { isIgnoredName } from "../io/ignoredNames.ts";
import { committedWrites, OutputClaimedError, writesStopped } from "../io/index.ts";
import { escapeXml } from "../render/text.ts";
import { buildFailedLine, buildSummaryLine, diagnosticLines, failureLines } from "../report.ts";
import { contentType, isWithin, lookupOutputFile } from "./staticFiles.ts";

/** Options of `startDevServer`. */
export interface DevServerOptions {
  readonly build: BuildOptions;
  /** Port to listen on; 0 picks a free one. Default: 8080. */
  readonly port?: number;
  /** Host to bind. Default: `127.0.0.1` (never exposed beyond this machine). */
  readonly host?: string;
  /** Where build summaries and errors go. Default: stderr. */
  readonly log?: (line: string) => void;
  /**
   * Quiet time after a change before rebuilding, in ms. Default: 150, longer than the
   * 100 ms chokidar holds a deletion back to tell an editor's atomic save from it: with 80,
   * renaming or moving a day file built twice, the second time for nothing.
   */
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
  const body = `<h1>빌드 실패 · Build failed</h1><pre style="white-space:pre-wrap">${escapeXml(message)}</pre><p>파일을 고치면 자동으로 다시 빌드합니다.</p>`;
  return injectReload(
    serverPage("빌드 실패", "monospace;padding:2rem;background:#2b0d0d;color:#ffd7d7", body),
    generation,
  );
}

/**
 * The page shown in place of a missing page while the server's first build runs: a tab
 * opened with the server (or left open from its last run) got a bare 404 meanwhile.
 * @param generation the build generation it shows (see `injectReload`)
 */
export function buildingPage(generation: number): string {
  const body = `<p>사이트를 빌드하는 중입니다. 빌드가 끝나면 이 페이지를 다시 엽니다.</p><p lang="en">Building the site; this page reloads when the build is done.</p>`;
  return injectReload(serverPage("빌드 중 · Building", "sans-serif;padding:2rem", body), generation);
}

/**
 * A page of the dev server's own, in place of one of the site's (the build failed, is not
 * done, or left no 404 page); `injectReload` gives it the reload script.
 * @param style the body's font family and what follows it in its style
 */
function serverPage(title: string, style: string, body: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${title}</title></head><body style="font:14px/1.5 ${style}">${body}</body></html>`;
}

/**
 * The bar shown at the top of every page while the last build had errors in content
 * files (the build went on without those entries or files, so the site is there to read,
 * and only what the errors name is missing from it), or warnings in files changed since
 * the server started (see `startDevServer`).
 */
function diagnosticsBanner(diagnostics: string): string {
  const lines = diagnostics.split("\n");
  const errors = lines.filter((line) => /: error: /.test(line)).length;
  const warnings = lines.filter((line) => /: warning: /.test(line)).length;
  const title = [
    ...(errors > 0 ? [`내용 오류 ${errors}개`] : []),
    ...(warnings > 0 ? [`경고 ${warnings}개`] : []),
  ].join(", ");
  const english = errors > 0 ? (warnings > 0 ? "Content errors and warnings" : "Content errors") : "Warnings";
  const said = [
    ...(errors > 0 ? ["오류가 난 항목은 빼고, 잘못된 설정은 기본값으로 빌드했습니다."] : []),
    ...(warnings > 0 ? ["경고는 서버가 시작된 뒤 바뀐 파일의 것입니다."] : []),
    "파일을 고치면 자동으로 다시 빌드합니다.",
  ].join(" ");
  const colours = errors > 0 ? "background:#2b0d0d;color:#ffd7d7" : "background:#2b230d;color:#ffecb8";
  return `<div role="alert" style="position:sticky;top:0;z-index:2147483647;max-height:40vh;overflow:auto;font:13px/1.5 monospace;padding:0.75rem 1rem;${colours}"><strong>${title} · ${english}</strong>: ${said}<pre style="white-space:pre-wrap;margin:0.5rem 0 0">${escapeXml(diagnostics)}</pre></div>`;
}

/**
 * Adds the live-reload script before `</body>` (or at the end), and the bar of content
 * errors and warnings, if any, right after `<body>` (or at the start).
 * @param generation the build generation of the page's content (see `startDevServer`),
 *   taken before the file was read
 * @param errors the last build's content errors and the warnings it shows, one diagnostic
 *   a line, or `null`
 */
export function injectReload(html: string, generation: number, errors: string | null = null): string {
  const script = reloadScript(generation);
  const end = html.lastIndexOf("</body>");
  let page = end === -1 ? html + script : html.slice(0, end) + script + html.slice(end);
  if (errors !== null) {
    // After `<body>`; without one, after the head or the doctype, which must stay first.
    const opening = /<body[^>]*>/i.exec(page) ?? /<\/head>/i.exec(page) ?? /^<!doctype[^>]*>/i.exec(page);
    const at = opening === null ? 0 : opening.index + opening[0].length;
    page = page.slice(0, at) + diagnosticsBanner(errors) + page.slice(at);
  }
  return page;
}

/**
 * Builds the site, serves the output folder under the base path, watches the
 * content folder, the templates and the settings file, rebuilds incrementally
 * on change and reloads open pages. A failed build shows its diagnostic in the
 * terminal and in place of every page, and errors in content files (which a build goes
 * on without) in a bar on top of every page; the server keeps running. The bar shows the
 * warnings of files changed since the server started too: an unclosed code fence hides
 * every paper after it with a warning alone, and the pages just lost them. Warnings of
 * files not touched stay in the terminal, or an archive's old ones would cover every page.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const outDir = resolve(options.build.outDir);
  const clients = new Set<ServerResponse>();
  /**
   * Builds that changed the site or its errors, counted from a number of this run's own:
   * what pages compare to reload. From 0, a tab left open across a restart had the number
   * the new run's first build gave too, and stayed on the old site.
   */
  let generation = randomInt(1e12);
  /** Whether the first build has ended: until then a missing page is `buildingPage`. */
  let built = false;
  /** Files changed since the server started, absolute: the bar shows their warnings. */
  const touched = new Set<string>();
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
      const shown = result.diagnostics.filter(
        (d) =>
          d.severity === "error" ||
          // A local server needs no siteUrl: that warning is for the published site.
          (d.severity === "warning" && d.code !== "site-url-missing" && touched.has(resolve(contentDir, d.file))),
      );
      failure = null;
      contentErrors = shown.length > 0 ? diagnosticLines(shown, contentDir).join("\n") : null;
      for (const note of result.notes) log(note);
      log(buildSummaryLine(result, (performance.now() - started) / 1000, shownOutDir));
      // Kept files count as unchanged: a build that wrote and removed nothing changed no page.
      changed = result.written > 0 || result.pages !== lastFiles;
      lastFiles = result.pages;
    } catch (error) {
      // Stopped by Ctrl-C: the process is ending, and the build failed only for that.
      if (writesStopped()) return;
      failure = failureLines(error, contentDir).join("\n");
      // Tried again every second while another build holds the folder: said once (a killed
      // container's build's claim holds it for a day, some 170,000 lines).
      if (!(error instanceof OutputClaimedError && failure === failureBefore)) {
        log(failure);
        log(buildFailedLine(error, (performance.now() - started) / 1000, shownOutDir));
      }
      // Another build holds the output folder (`npm run build` into it, say), and no change
      // here would start the next build once it is done: try again until it is.
      if (error instanceof OutputClaimedError && retry === undefined)
        retry = setTimeout(() => {
          retry = undefined;
          void schedule();
        }, CLAIM_RETRY_MS);
    }
    built = true;
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
    // The origin's root and the base path without its slash (`/repo`, as GitHub Pages answers
    // it) lead to the site; any other path outside the base path is missing, as there, so a
    // link that left the base path out shows here before it is published.
    if (lookup.kind === "outside-base" && (url.pathname === "/" || url.pathname === basePath.slice(0, -1))) {
      response.writeHead(302, { location: basePath });
      response.end();
      return;
    }
    if (lookup.kind === "bad-path") {
      response.writeHead(400).end("Bad path");
      return;
    }
    const target = lookup.kind === "file" ? lookup.file : null;
    const type = contentType(target ?? "index.html");
    if (failure !== null && target !== null && type.startsWith("text/html")) {
      response.writeHead(500, { "content-type": contentType("index.html"), "cache-control": "no-store" });
      response.end(errorOverlay(failure, served));
      return;
    }
    const body = target === null ? null : await readFile(target).catch(() => null);
    if (body === null) {
      // A page not built yet; a missing stylesheet, or a path no build makes, is only missing.
      if (!built && target !== null && type.startsWith("text/html")) {
        response.writeHead(503, { "content-type": contentType("index.html"), "cache-control": "no-store" });
        response.end(buildingPage(served));
        return;
      }
      const notFound = await readFile(join(outDir, "404.html"), "utf8").catch(() =>
        serverPage(
          "404",
          "sans-serif;padding:2rem",
          '<p>페이지가 없습니다. 출력 폴더에 404.html도 없습니다: 지웠다면 파일을 고쳐 저장하면 다시 빌드합니다.</p><p lang="en">Not found, and the output folder has no 404.html: if it was removed, save a source file to build again.</p>',
        ),
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
    server.once("error", (error: NodeJS.ErrnoException) =>
      fail(
        error.code === "EADDRINUSE"
          ? new Error(
              `Port ${port} on ${host} is in use (EADDRINUSE), by another dev server perhaps. Stop it, or pass --port with another number (--port 0 picks a free one).`,
              { cause: error },
            )
          : error,
      ),
    );
    server.listen(port, host, () => done());
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address !== null ? address.port : port;
  await schedule();

  const watcher = watchSources([options.build.contentDir, options.build.templatesDir], outDir);
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<void> = Promise.resolve();
  let release: () => void = () => {};
  watcher.on("all", (_event, path) => {
    touched.add(resolve(path));
    if (timer === undefined)
      pending = new Promise((done) => {
        release = done;
      });
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void schedule().then(release);
    }, options.debounceMs ?? 150);
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
 * Nothing else in the parents is watched, nor the output folder when it lies inside one
 * of them: each build's own writes started the next build.
 */
function watchSources(folders: readonly string[], outDir: string): FSWatcher {
  const roots = folders.map((folder) => resolve(folder));
  const parents = new Set(roots.map((root) => dirname(root)));
  const ignored = (path: string) => {
    const at = resolve(path);
    if (isWithin(outDir, at)) return true;
    return !parents.has(at) && !roots.some((root) => isSourceIn(root, at));
  };
  return watch([...parents], { ignoreInitial: true, ignored });
}

/**
 * Whether `path` is `root` or under it and may change a build: what `isIgnoredName` names
 * never does (no build reads it), and a save in Vim writes three such files.
 */
function isSourceIn(root: string, path: string): boolean {
  return isWithin(root, path) && !relative(root, path).split(sep).some(isIgnoredName);
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
