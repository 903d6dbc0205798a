import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { contentType, lookupOutputFile } from "../../src/dev/staticFiles.ts";

/** A static host for browser tests, serving a built site the way GitHub Pages serves a project site. */
export interface StaticServer {
  /** `http://127.0.0.1:PORT`, without the base path. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves `dist` under `base` on 127.0.0.1 at a random port; a missing file gets the
 * site's 404 page with status 404.
 */
export async function serveStatic(dist: string, base: string): Promise<StaticServer> {
  const server = createServer(async (request, response) => {
    const lookup = await lookupOutputFile(dist, base, new URL(request.url ?? "/", "http://x").pathname);
    const body = lookup.kind === "file" ? await readFile(lookup.file).catch(() => null) : null;
    if (lookup.kind === "file" && body !== null) {
      response.writeHead(200, { "content-type": contentType(lookup.file) });
      response.end(body);
      return;
    }
    response.writeHead(404, { "content-type": contentType("404.html") });
    response.end(await readFile(join(dist, "404.html")).catch(() => "not found"));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
