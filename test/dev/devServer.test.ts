import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { synthesizeFiles } from "../../scripts/synth.ts";
import { type BuildOptions, DEFAULT_OPTIONS } from "../../src/build.ts";
import { errorOverlay, injectReload, RELOAD_PATH, RELOAD_WORKER_PATH, startDevServer } from "../../src/dev/index.ts";
import { claimOutputFolder } from "../../src/io/index.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort } from "../helpers/freePort.ts";

const root = mkdtempSync(join(tmpdir(), "digest-dev-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("dev server", () => {
  it("injects the reload script only into served HTML", () => {
    expect(injectReload("<body>x</body>", 3)).toMatch(/^<body>x<script>.*const g=3\b.*<\/script><\/body>$/);
    expect(errorOverlay("a <b> c", 3)).toContain("a &lt;b&gt; c");
    // Content errors: a bar right after <body>, escaped, with the script before </body>.
    const page = injectReload('<html><body class="x"><p>본문</p></body></html>', 2, "a.md:1:1: error: <b> [x]");
    expect(page).toMatch(
      /^<html><body class="x"><div role="alert"[^>]*><strong>내용 오류 1개[\s\S]*a\.md:1:1: error: &lt;b&gt; \[x\][\s\S]*<\/div><p>본문<\/p><script>/,
    );
    // Without a <body>, the doctype stays first (a bar before it would put the page in quirks mode).
    expect(injectReload("<!doctype html><title>404</title>", 2, "e")).toMatch(/^<!doctype html><div role="alert"/);
  });

  it("serves under the base path, rebuilds on change and keeps serving the site around a broken file", async () => {
    const content = join(root, "content");
    const [day] = synthesizeFiles(1, 2);
    if (day === undefined) throw new Error("no day");
    rmSync(content, { recursive: true, force: true });
    const path = join(content, "2023-05-01.md");
    mkdirSync(content, { recursive: true });
    writeFileSync(path, day.text);
    const lines: string[] = [];
    const server = await startDevServer({
      build: { ...DEFAULT_OPTIONS, contentDir: content, outDir: join(root, "dist"), overrides: { basePath: "/sub/" } },
      port: 0,
      log: (line) => lines.push(line),
      debounceMs: 20,
    });
    try {
      expect(server.url).toMatch(/\/sub\/$/);
      const home = await fetch(server.url);
      expect(home.status).toBe(200);
      const html = await home.text();
      expect(html).toContain("EventSource");
      // The same summary line as `build` prints.
      const summary =
        /^Built 1\d papers on 1 day: \d+ files \(\d+ written, 0 unchanged\) in \d+\.\d\ds → .*dist; 0 error\(s\), 1 warning\(s\)$/;
      expect(lines).toContainEqual(expect.stringMatching(summary));

      // Regression (review S1): an encoded `..` must not reach sibling folders of the output.
      mkdirSync(join(root, "dist-secret"), { recursive: true });
      writeFileSync(join(root, "dist-secret", "x.txt"), "SECRET");
      const traversal = await fetch(new URL("..%2Fdist-secret/x.txt", server.url));
      expect(traversal.status).toBe(400);
      expect(await traversal.text()).not.toContain("SECRET");

      writeFileSync(path, day.text.replace(/^### \[[^\]]*\]/m, "### [Renamed Paper Title]"));
      await eventually(async () => (await (await fetch(server.url)).text()).includes("Renamed Paper Title"));

      // A broken file: its diagnostic shows in the page and the terminal, and the server keeps running.
      // Its path as the user can open it: the content folder and the file, as `build` prints it.
      const where = `${join(content, "2023-05-02.md").split(sep).join("/")}:2:1: error:`;
      writeFileSync(join(content, "2023-05-02.md"), "## Daily Papers (2023-05-02)\n\0binary");
      await eventually(async () => (await (await fetch(server.url)).text()).includes(where));
      // The build went on without that file, so the site is there to read, with the errors above it.
      const broken = await fetch(server.url);
      expect(broken.status).toBe(200);
      const brokenHtml = await broken.text();
      expect(brokenHtml).toContain("Renamed Paper Title");
      expect(brokenHtml).toMatch(/<body[^>]*><div role="alert"[^>]*><strong>내용 오류 1개/);
      expect(lines).toContainEqual(expect.stringContaining(where));
      rmSync(join(content, "2023-05-02.md"));
      await eventually(async () => !(await (await fetch(server.url)).text()).includes('role="alert"'));
    } finally {
      await server.close();
    }
  });

  it("shows the content errors that stop a --strict build, not only their count", async () => {
    const content = join(root, "strict-content");
    mkdirSync(content, { recursive: true });
    writeFileSync(join(content, "2023-05-02.md"), "## Daily Papers (2023-05-02)\n\0binary");
    const lines: string[] = [];
    const build = { ...DEFAULT_OPTIONS, contentDir: content, outDir: join(root, "strict-dist"), strict: true };
    const server = await startDevServer({ build, port: 0, log: (line) => lines.push(line) });
    try {
      const page = await fetch(server.url);
      expect(page.status).toBe(500);
      const where = `${join(content, "2023-05-02.md").split(sep).join("/")}:2:1: error:`;
      const text = await page.text();
      expect(text).toContain(where);
      expect(text).toContain("nothing was written (--strict)");
      expect(lines.join("\n")).toContain(where);
    } finally {
      await server.close();
    }
  });
});

describe("dev server: start, failures and reloads", () => {
  it("says a port in use before building anything", async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, "127.0.0.1", done));
    const address = taken.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    const content = join(root, "port-content");
    mkdirSync(content, { recursive: true });
    writeFileSync(join(content, "2023-05-01.md"), (synthesizeFiles(1, 2)[0] as { text: string }).text);
    const outDir = join(root, "port-dist");
    try {
      await expect(
        startDevServer({ build: { ...DEFAULT_OPTIONS, contentDir: content, outDir }, port, log: () => {} }),
      ).rejects.toThrow(/in use \(EADDRINUSE\).*--port 0 picks a free one/);
      expect(existsSync(outDir)).toBe(false);
    } finally {
      taken.close();
    }
  });

  it("serves under the base path and ends a failed first build with a summary line", async () => {
    const content = join(root, "failing-content");
    mkdirSync(content, { recursive: true });
    writeFileSync(join(content, "2023-05-02.md"), "## Daily Papers (2023-05-02)\n\0binary");
    const lines: string[] = [];
    const build = {
      ...DEFAULT_OPTIONS,
      contentDir: content,
      outDir: join(root, "failing-dist"),
      strict: true,
      overrides: { basePath: "/sub/" },
    };
    const server = await startDevServer({ build, port: 0, log: (line) => lines.push(line) });
    try {
      expect(server.url).toMatch(/\/sub\/$/);
      expect((await fetch(server.url)).status).toBe(500);
      // A page without its trailing slash shows the failure too, not the 404 page; a missing image is only missing.
      const unslashed = await fetch(new URL("days/2023-05-02", server.url));
      expect(unslashed.status).toBe(500);
      expect(await unslashed.text()).toContain("nothing was written (--strict)");
      expect((await fetch(new URL("assets/missing.png", server.url))).status).toBe(404);
      expect(lines).toContainEqual(
        expect.stringMatching(/^Build failed after \d+\.\d\ds → .*failing-dist; 1 error\(s\), 1 warning\(s\)$/),
      );
    } finally {
      await server.close();
    }
  });

  it("keeps the site and shows where site.yaml is broken while its YAML does not parse", async () => {
    const content = join(root, "yaml-content");
    mkdirSync(content, { recursive: true });
    writeFileSync(join(content, "2023-05-01.md"), (synthesizeFiles(1, 2)[0] as { text: string }).text);
    writeFileSync(join(content, "site.yaml"), "title: 내 요약\nbasePath: /docs/\n");
    const outDir = join(root, "yaml-dist");
    const lines: string[] = [];
    const server = await startDevServer({
      build: { ...DEFAULT_OPTIONS, contentDir: content, outDir },
      port: 0,
      log: (line) => lines.push(line),
      debounceMs: 20,
    });
    try {
      expect(server.url).toMatch(/\/docs\/$/);
      const before = readFileSync(join(outDir, "index.html"), "utf8");
      expect(before).toContain("내 요약");
      writeFileSync(join(content, "site.yaml"), "title: 내 요약\nbasePath: /docs/\nperPage: [5\n");
      await eventually(async () => (await fetch(server.url)).status === 500);
      const page = await (await fetch(server.url)).text();
      expect(page).toContain(
        `${join(content, "site.yaml").split(sep).join("/")}:4:1: error: site.yaml is not valid YAML`,
      );
      // Nothing rewritten with the default settings meanwhile, and still served under its base path.
      expect(readFileSync(join(outDir, "index.html"), "utf8")).toBe(before);
      expect(lines).toContainEqual(expect.stringMatching(/^Build failed after/));
    } finally {
      await server.close();
    }
  });

  it("reloads open pages when a build changed the site, not after one that wrote nothing", async () => {
    const { content, path, day } = oneDayContent("reload-content");
    const templatesDir = join(root, "reload-templates");
    cpSync(DEFAULT_OPTIONS.templatesDir, templatesDir, { recursive: true });
    writeFileSync(join(templatesDir, "assets", "extra.css"), "p{}");
    const lines: string[] = [];
    const server = await startDevServer({
      build: { ...DEFAULT_OPTIONS, contentDir: content, outDir: join(root, "reload-dist"), templatesDir },
      port: 0,
      log: (line) => lines.push(line),
      debounceMs: 20,
    });
    const stream = await listenForReloads(server.url);
    try {
      const reloads = () => stream.generations().length - 1;
      const summaries = () => lines.filter((line) => line.startsWith("Built ")).length;

      // A file the build does not read: a build runs and writes nothing.
      writeFileSync(join(content, "notes.txt"), "not a day");
      await eventually(async () => summaries() === 2);
      await server.settled();
      expect(lines.at(-1)).toMatch(/\(0 written, \d+ unchanged\)/);
      expect(reloads()).toBe(0);

      writeFileSync(path, day.text.replace(/^### \[[^\]]*\]/m, "### [Renamed Paper Title]"));
      await eventually(async () => reloads() === 1);
      expect(summaries()).toBe(3);

      // A build that only removes a file changed the site too.
      rmSync(join(templatesDir, "assets", "extra.css"));
      await eventually(async () => summaries() === 4);
      expect(lines.at(-1)).toMatch(/\(0 written, \d+ unchanged\)/);
      await eventually(async () => reloads() === 2);
    } finally {
      stream.close();
      await server.close();
    }
  });
});

describe("dev server: failed builds", () => {
  // The same sequence with --strict, where the errors fail the build and replace every page,
  // and without, where the build goes on without the broken files and a bar shows them.
  it.for([
    { strict: true, ended: "Build failed" },
    { strict: false, ended: "Built " },
  ])(
    "reloads pages when errors come, change or go, not when they stay the same (strict: $strict)",
    async ({ strict, ended }) => {
      const lines: string[] = [];
      const name = strict ? "same-failure" : "content-errors";
      const server = await startSmallServer(name, { strict }, lines);
      const content = join(root, `${name}-content`);
      try {
        const builds = () => lines.filter((line) => line.startsWith(ended)).length;
        const first = builds();
        const afterBuild = async (count: number) => {
          await eventually(async () => builds() === first + count);
          await server.settled();
          return servedGeneration(server.url);
        };
        const broken = "## Daily Papers (2023-05-02)\n\0binary";
        const before = await servedGeneration(server.url);
        writeFileSync(join(content, "2023-05-02.md"), broken);
        expect(await afterBuild(1)).toBe(before + 1);
        // A missing page: the failure's message, or the 404 page with the bar over it.
        const missing = await fetch(new URL("no/such/page/", server.url));
        expect(missing.status).toBe(strict ? 500 : 404);
        expect((await missing.text()).includes('<div role="alert"')).toBe(!strict);
        // The same error again: the pages already show it.
        writeFileSync(join(content, "notes.txt"), "not a day");
        expect(await afterBuild(2)).toBe(before + 1);
        writeFileSync(join(content, "2023-05-03.md"), broken.replaceAll("05-02", "05-03"));
        expect(await afterBuild(3)).toBe(before + 2);
        if (strict) {
          expect(lines.filter((line) => line.startsWith("Built "))).toHaveLength(1);
          return;
        }
        rmSync(join(content, "2023-05-02.md"));
        rmSync(join(content, "2023-05-03.md"));
        expect(await afterBuild(4)).toBe(before + 3);
        expect(await (await fetch(server.url)).text()).not.toContain('<div role="alert"');
      } finally {
        await server.close();
      }
    },
  );

  it("builds again once another build no longer holds the output folder", async () => {
    const lines: string[] = [];
    const server = await startSmallServer("claimed", {}, lines);
    const path = join(root, "claimed-content", "2023-05-01.md");
    // As `npm run build` into the same folder would.
    const release = claimOutputFolder(join(root, "claimed-dist"));
    try {
      writeFileSync(path, readFileSync(path, "utf8").replace(/^### \[[^\]]*\]/m, "### [Claimed Paper Title]"));
      await eventually(async () => lines.some((line) => line.includes("Another build")));
      expect((await fetch(server.url)).status).toBe(500);
      // Tried again every second, and said once.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(lines.filter((line) => line.includes("Another build"))).toHaveLength(1);
      release();
      // No change follows: the server tries again by itself.
      await eventually(async () => (await (await fetch(server.url)).text()).includes("Claimed Paper Title"));
    } finally {
      release();
      await server.close();
    }
  });
});

describe("dev server: watching", () => {
  it.each(["content", "templates"] as const)(
    "rebuilds after the %s folder was removed and made again (chokidar stopped watching it)",
    async (removed) => {
      const templatesDir = join(root, `gone-${removed}-templates`);
      cpSync(DEFAULT_OPTIONS.templatesDir, templatesDir, { recursive: true });
      const lines: string[] = [];
      const server = await startSmallServer(`gone-${removed}`, { templatesDir }, lines);
      const folder = removed === "content" ? join(root, `gone-${removed}-content`) : templatesDir;
      const copy = `${folder}-copy`;
      cpSync(folder, copy, { recursive: true });
      try {
        rmSync(folder, { recursive: true });
        await eventually(async () => lines.some((line) => line.startsWith("Build failed")));
        await server.settled();
        cpSync(copy, folder, { recursive: true });
        await eventually(async () => (await fetch(server.url)).status === 200);
        const edit = () => {
          if (removed === "content") {
            const path = join(folder, "2023-05-01.md");
            writeFileSync(path, readFileSync(path, "utf8").replace(/^### \[[^\]]*\]/m, "### [Renamed Paper Title]"));
          } else
            writeFileSync(
              join(folder, "layout.eta"),
              `${readFileSync(join(copy, "layout.eta"), "utf8")}<!-- edited -->`,
            );
        };
        const shown = removed === "content" ? "Renamed Paper Title" : "<!-- edited -->";
        // Saved again until it shows: chokidar takes a moment to watch the files of a folder
        // that came back, and on a busy machine an edit right after the copy can come first.
        await eventually(async () => {
          edit();
          await new Promise((done) => setTimeout(done, 300));
          return (await (await fetch(server.url)).text()).includes(shown);
        });
      } finally {
        await server.close();
      }
    },
  );

  it("builds once for a renamed day file (chokidar holds a deletion back 100 ms)", async () => {
    const lines: string[] = [];
    const { content } = oneDayContent("renamed-content");
    // The default quiet time, as `npm run dev` has it.
    const server = await startDevServer({
      build: { ...DEFAULT_OPTIONS, contentDir: content, outDir: join(root, "renamed-dist") },
      port: 0,
      log: (line) => lines.push(line),
    });
    try {
      await expectOneBuildAfter(server, lines, () =>
        renameSync(join(content, "2023-05-01.md"), join(content, "2023-05-02.md")),
      );
    } finally {
      await server.close();
    }
  });

  it("does not build again for its own writes into an output folder inside the content folder", async () => {
    const lines: string[] = [];
    const content = join(root, "inner-out-content");
    const server = await startSmallServer("inner-out", { outDir: join(content, "dist") }, lines);
    try {
      const path = join(content, "2023-05-01.md");
      await expectOneBuildAfter(server, lines, () =>
        writeFileSync(path, readFileSync(path, "utf8").replace(/^### \[[^\]]*\]/m, "### [Renamed Paper Title]")),
      );
    } finally {
      await server.close();
    }
  });

  it("does not rebuild for editors' leftovers, dot-files or files beside the watched folders", async () => {
    const lines: string[] = [];
    const server = await startSmallServer("leftovers", {}, lines);
    const content = join(root, "leftovers-content");
    try {
      const builds = () => lines.filter((line) => line.startsWith("Built ")).length;
      for (const name of ["2023-05-01.md~", ".2023-05-01.md.swp", "4913", "#2023-05-01.md#", ".notes"])
        writeFileSync(join(content, name), "x");
      writeFileSync(join(root, "leftovers-beside.md"), "x");
      await new Promise((done) => setTimeout(done, 500));
      await server.settled();
      expect(builds()).toBe(1);
      // A file that counts, written last: a build for the others would have come before its.
      writeFileSync(join(content, "notes.txt"), "x");
      await eventually(async () => builds() === 2);
      await server.settled();
      await new Promise((done) => setTimeout(done, 200));
      expect(builds()).toBe(2);
    } finally {
      await server.close();
    }
  });
});

describe("dev server: what a researcher editing the digest sees", () => {
  it("gives a new run of the server generations of its own, so a tab left open across a restart reloads", async () => {
    const first = await startSmallServer("restart");
    let before: number;
    try {
      before = await servedGeneration(first.url);
    } finally {
      await first.close();
    }
    const second = await startSmallServer("restart");
    try {
      expect(await servedGeneration(second.url)).not.toBe(before);
    } finally {
      await second.close();
    }
  });

  it("shows in the page the warnings of files changed since it started, not of the others", async () => {
    const { content, path, day } = oneDayContent("warned-content");
    // An old file with a warning (a day without papers): the terminal says it, the pages do not.
    const old = join(content, "2023-04-30.md");
    writeFileSync(old, "## Daily Papers (2023-04-30)\n\nNo papers today.\n");
    const lines: string[] = [];
    const server = await startDevServer({
      build: { ...DEFAULT_OPTIONS, contentDir: content, outDir: join(root, "warned-dist") },
      port: 0,
      log: (line) => lines.push(line),
      debounceMs: 20,
    });
    try {
      expect(lines.join("\n")).toContain("[no-papers]");
      expect(await (await fetch(server.url)).text()).not.toContain('role="alert"');
      // A code fence left open before the second paper hides every paper after it, with a warning alone.
      const second = day.text.indexOf("\n### ", day.text.indexOf("### ") + 1);
      writeFileSync(path, `${day.text.slice(0, second)}\n\n\`\`\`python\n${day.text.slice(second)}`);
      const where = `${path.split(sep).join("/")}:`;
      await eventually(async () => (await (await fetch(server.url)).text()).includes("[heading-hidden]"));
      const page = await (await fetch(server.url)).text();
      expect(page).toMatch(/<div role="alert"[^>]*><strong>경고 \d+개 · Warnings<\/strong>/);
      expect(page).toContain(where);
      expect(page).not.toContain("[no-papers]");
      writeFileSync(path, day.text);
      await eventually(async () => !(await (await fetch(server.url)).text()).includes('role="alert"'));
    } finally {
      await server.close();
    }
  });

  it("answers a path outside the base path with 404, as GitHub Pages does, and leads / and the bare base path to the site", async () => {
    const server = await startSmallServer("outside-base", { overrides: { basePath: "/sub/" } });
    try {
      const origin = new URL(server.url).origin;
      const root = await fetch(`${origin}/`, { redirect: "manual" });
      expect(root.status).toBe(302);
      expect(root.headers.get("location")).toBe("/sub/");
      // The base path without its slash, as GitHub Pages answers it.
      const bare = await fetch(`${origin}/sub`, { redirect: "manual" });
      expect(bare.status).toBe(302);
      expect(bare.headers.get("location")).toBe("/sub/");
      for (const path of ["/days/2023-05-01/", "/assets/style.css", "/nope", "/subx/"]) {
        const answer = await fetch(`${origin}${path}`, { redirect: "manual" });
        expect(answer.status, path).toBe(404);
      }
      // An encoded slash names no file on a static host either.
      expect((await fetch(`${origin}/sub/days%2F2023-05-01%2F`)).status).toBe(404);
      expect((await fetch(`${origin}/sub/days/2023-05-01/`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("shows a page that reloads when the first build is done, where a page is not built yet", async () => {
    const content = join(root, "first-build-content");
    mkdirSync(content, { recursive: true });
    for (const file of synthesizeFiles(60, 3)) writeFileSync(join(content, file.file.replaceAll("/", "-")), file.text);
    const port = await freePort();
    const starting = startDevServer({
      build: { ...DEFAULT_OPTIONS, contentDir: content, outDir: join(root, "first-build-dist") },
      port,
      log: () => {},
    });
    let early: Response | undefined;
    await eventually(
      async () => {
        early = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
        return early !== undefined;
      },
      15_000,
      5,
    );
    // A stylesheet not written yet is only missing, not a page.
    const earlyStylesheet = await fetch(`http://127.0.0.1:${port}/assets/style.css`);
    const server = await starting;
    try {
      expect(early?.status).toBe(503);
      expect(earlyStylesheet.status).toBe(404);
      const html = (await early?.text()) ?? "";
      expect(html).toContain("빌드 중");
      expect(html).toMatch(/const g=\d+/);
      expect((await fetch(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe("dev server: the generation pages reload by", () => {
  it("tells a page served before the last change, as it connects, that it is behind (its reload was missed)", async () => {
    const server = await startSmallServer("missed", { overrides: { basePath: "/sub/" } });
    const path = join(root, "missed-content", "2023-05-01.md");
    try {
      const served = await servedGeneration(server.url);
      writeFileSync(path, readFileSync(path, "utf8").replace(/^### \[[^\]]*\]/m, "### [Renamed Paper Title]"));
      await eventually(async () => (await (await fetch(server.url)).text()).includes("Renamed Paper Title"));
      await server.settled();
      const late = await listenForReloads(server.url);
      try {
        await eventually(async () => late.generations().length > 0);
        expect(late.generations()).toEqual([served + 1]);
      } finally {
        late.close();
      }
      expect(await servedGeneration(server.url)).toBe(served + 1);
    } finally {
      await server.close();
    }
  });

  it("serves the shared worker at the origin's root, which pages under a base path name", async () => {
    const server = await startSmallServer("worker", { overrides: { basePath: "/sub/" } });
    try {
      expect(await (await fetch(server.url)).text()).toContain(
        `new SharedWorker(${JSON.stringify(RELOAD_WORKER_PATH)})`,
      );
      const worker = await fetch(new URL(RELOAD_WORKER_PATH, server.url));
      expect(worker.status).toBe(200);
      expect(worker.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(await worker.text()).toContain(`new EventSource(${JSON.stringify(RELOAD_PATH)})`);
    } finally {
      await server.close();
    }
  });
});

describe("dev server: requests", () => {
  it("answers a request it cannot read with 400 and keeps serving (a bad URL ended the process)", async () => {
    const server = await startSmallServer("bad-request");
    try {
      const { port } = new URL(server.url);
      for (const target of ["http://127.0.0.1:99999/", "//"]) {
        const answer = await rawRequest(Number(port), `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      }
      expect((await fetch(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

/** A dev server on a free port for a one-day site of its own under `root/<name>`. */
async function startSmallServer(name: string, build: Partial<BuildOptions> = {}, lines: string[] = []) {
  const { content } = oneDayContent(`${name}-content`);
  return startDevServer({
    build: { ...DEFAULT_OPTIONS, contentDir: content, outDir: join(root, `${name}-dist`), ...build },
    port: 0,
    log: (line) => lines.push(line),
    debounceMs: 20,
  });
}

/**
 * Listens to the dev server's events as a page does.
 * @returns the generations it was told, the current one on connect first
 */
async function listenForReloads(url: string) {
  const events = new AbortController();
  const stream = await fetch(new URL(RELOAD_PATH, url), { signal: events.signal });
  let received = "";
  void (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of stream.body ?? []) received += decoder.decode(chunk as Uint8Array);
  })().catch(() => undefined);
  return {
    generations: () => [...received.matchAll(/^event: reload\ndata: (\d+)$/gm)].map((match) => Number(match[1])),
    close: () => events.abort(),
  };
}

/** The build generation a page is served with (see `injectReload`). */
async function servedGeneration(url: string | URL): Promise<number> {
  const html = await (await fetch(url)).text();
  const generation = /const g=(\d+)/.exec(html)?.[1];
  if (generation === undefined) throw new Error(`no reload script in ${url}`);
  return Number(generation);
}

/** Sends `text` as it is and returns all that comes back before the server closes the connection. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((done, fail) => {
    let answer = "";
    const socket = connect(port, "127.0.0.1", () => socket.end(text));
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.on("error", fail);
    socket.on("close", () => done(answer));
  });
}

/** A content folder `root/<name>` holding one synthesized day, `2023-05-01.md`. */
function oneDayContent(name: string) {
  const content = join(root, name);
  mkdirSync(content, { recursive: true });
  const [day] = synthesizeFiles(1, 2);
  if (day === undefined) throw new Error("no day");
  const path = join(content, "2023-05-01.md");
  writeFileSync(path, day.text);
  return { content, path, day };
}

/** Makes `change`, then expects one build to follow it and no other within half a second. */
async function expectOneBuildAfter(
  server: Awaited<ReturnType<typeof startDevServer>>,
  lines: readonly string[],
  change: () => void,
): Promise<void> {
  const builds = () => lines.filter((line) => line.startsWith("Built ")).length;
  const before = builds();
  change();
  await eventually(async () => builds() === before + 1);
  await server.settled();
  await new Promise((done) => setTimeout(done, 500));
  await server.settled();
  expect(builds()).toBe(before + 1);
}
