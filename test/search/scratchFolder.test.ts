import { statfsSync } from "node:fs";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listingOrder, scratchFolder } from "../../src/search/scratchFolder.ts";

/** Whether this machine's /dev/shm has the room the search's scratch files need. */
function sharedMemoryHasRoom(): boolean {
  try {
    const { bavail, bsize } = statfsSync("/dev/shm");
    return bavail * bsize >= 256 * 1024 ** 2;
  } catch {
    return false;
  }
}

describe("scratchFolder: where Pagefind's input and output go while it indexes", () => {
  it("is the folder TMPDIR, TMP or TEMP names, in that order", () => {
    expect(scratchFolder({ TMPDIR: "/a", TMP: "/b", TEMP: "/c" })).toBe("/a");
    expect(scratchFolder({ TMP: "/b", TEMP: "/c" })).toBe("/b");
    expect(scratchFolder({ TEMP: "/c" })).toBe("/c");
  });

  it("is otherwise memory (/dev/shm) on Linux when it has room, else the system's temporary folder", () => {
    const expected = process.platform === "linux" && sharedMemoryHasRoom() ? "/dev/shm" : tmpdir();
    expect(scratchFolder({})).toBe(expected);
  });

  it("keys a folder by the order its file system lists files in, the same for two folders of one", async () => {
    const root = await mkdtemp(join(tmpdir(), "pd-order-"));
    const [a, b] = [join(root, "a"), join(root, "b")];
    await Promise.all([mkdir(a), mkdir(b)]);
    const order = listingOrder(a);
    expect(order).toMatch(/^[\w-]{12}$/);
    expect(listingOrder(b)).toBe(order);
    expect(listingOrder(a)).toBe(order); // again, its probe gone
  });
});
