import { statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { scratchFolder } from "../../src/search/scratchFolder.ts";

/** Whether this machine's /dev/shm has the room the search's scratch files need. */
function sharedMemoryHasRoom(): boolean {
  try {
    const { bavail, bsize } = statfsSync("/dev/shm");
    return bavail * bsize >= 1024 ** 3;
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
});
