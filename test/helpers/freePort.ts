import { createServer } from "node:net";

/**
 * A port on 127.0.0.1 that was free a moment ago, for a server that must be started on a
 * port named in advance (the CLI's `--port`, or a test of a port that is taken).
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
  const address = probe.address();
  await new Promise<void>((done) => probe.close(() => done()));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}
