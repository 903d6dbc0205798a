import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fc, test } from "@fast-check/vitest";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ContentFile,
  contentText,
  type FileStamp,
  readContent,
  readContentFile,
  sameStamp,
} from "../../src/io/index.ts";

const root = mkdtempSync(join(tmpdir(), "digest-read-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The file's text as a parse gets it, or null where there is none. */
const textOf = (content: ContentFile | undefined) =>
  content?.bytes === null || content === undefined ? null : contentText(content.bytes);

/** A content folder holding `files` (relative path → text), written at least 20 ms ago. */
async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  // Date.now() is whole milliseconds, so a file written in this millisecond is not yet
  // settled even with `settleMs: 0`.
  await sleep(20);
  return dir;
}

// Issue #5: a rebuild reads only the content files whose stat changed since the last build.
describe("readContent with stamps", () => {
  it("leaves unread the files whose stamp the caller knows, and reads the rest", async () => {
    const dir = await folder("known", {
      "2025/02/10.md": "## Daily Papers (2025-02-10)\n",
      "2025/02/11.md": "둘째 날\n",
    });
    const stamps = new Map<string, FileStamp>();
    for (const content of await readContent(dir, { settleMs: 0 })) {
      expect(content.stamp).not.toBeNull();
      stamps.set(content.file, content.stamp as FileStamp);
    }
    const asked: string[] = [];
    const files = await readContent(dir, {
      settleMs: 0,
      keyOf: (file, stamp) => {
        asked.push(file);
        const known = stamps.get(file);
        return file === "2025/02/10.md" && known !== undefined && sameStamp(stamp, known) ? "key-of-10" : undefined;
      },
    });
    // Asked in path order; sorted, as the order is no part of the contract.
    expect(asked.sort()).toEqual(["2025/02/10.md", "2025/02/11.md"]);
    expect(files.map((content) => ({ file: content.file, text: textOf(content), key: content.key }))).toEqual([
      { file: "2025/02/10.md", text: null, key: "key-of-10" },
      { file: "2025/02/11.md", text: "둘째 날\n", key: undefined },
    ]);
  });

  it("gives no stamp for a file changed within the settle time, so it is always read", async () => {
    const dir = await folder("fresh", { "a.md": "방금 쓴 파일\n" });
    let asked = 0;
    const keyOf = () => {
      asked += 1;
      return "any";
    };
    // Any file written since a minute before the read counts as fresh, however slow the machine.
    const [fresh] = await readContent(dir, { keyOf, settleMs: 60_000 });
    expect(fresh?.stamp).toBeNull();
    expect(textOf(fresh)).toBe("방금 쓴 파일\n");
    expect(asked).toBe(0);
    // An mtime in the future (a clock ahead of this one) never vouches either.
    const future = Date.now() / 1000 + 3600;
    utimesSync(join(dir, "a.md"), future, future);
    const [ahead] = await readContent(dir, { keyOf, settleMs: 0 });
    expect(ahead?.stamp).toBeNull();
    expect(asked).toBe(0);
  });

  it("changes the stamp when the bytes change, even with the same size and a restored mtime", async () => {
    const dir = await folder("same-size", { "a.md": "첫 번째 판\n" });
    const path = join(dir, "a.md");
    // Whole seconds, so that setting the mtime again gives exactly the same value.
    const mtime = 1_700_000_000;
    utimesSync(path, mtime, mtime);
    await sleep(20);
    const [first] = await readContent(dir, { settleMs: 0 });
    const before = statSync(path);
    // Past the coarsest change-time tick of a Linux file system (a jiffy, 1 to 10 ms).
    await sleep(30);
    writeFileSync(path, "두 번째 판\n");
    utimesSync(path, mtime, mtime);
    await sleep(20);
    expect(statSync(path).size).toBe(before.size);
    expect(statSync(path).mtimeMs).toBe(before.mtimeMs);
    const [second] = await readContent(dir, { settleMs: 0, keyOf: () => undefined });
    expect(second?.stamp).not.toBeNull();
    expect(sameStamp(second?.stamp as FileStamp, first?.stamp as FileStamp)).toBe(false);
    expect(textOf(second)).toBe("두 번째 판\n");
  });

  it("gives undecodable files a diagnostic and no stamp", async () => {
    const dir = await folder("binary", {});
    writeFileSync(join(dir, "bad.md"), Uint8Array.from([0x23, 0x20, 0xff, 0x0a]));
    const [bad] = await readContent(dir, { settleMs: 0 });
    expect(bad?.bytes).toBeNull();
    expect(bad?.stamp).toBeNull();
    expect(bad?.diagnostics.map((d) => d.code)).toEqual(["not-utf8"]);
  });

  it("reports a day file linked from a file since moved, which was skipped without a word", async () => {
    const dir = await folder("dangling", { "2025-02-10.md": "## Daily Papers (2025-02-10)\n" });
    symlinkSync(join(root, "moved-away.md"), join(dir, "2025-02-11.md"));
    // A link to nowhere that is no markdown file stays unlisted, as before.
    symlinkSync(join(root, "moved-away.png"), join(dir, "thumb.png"));
    const files = await readContent(dir, { settleMs: 0 });
    expect(files.map((file) => file.file)).toEqual(["2025-02-10.md", "2025-02-11.md"]);
    const dangling = files[1];
    expect(dangling?.bytes).toBeNull();
    expect(dangling?.diagnostics).toEqual([
      expect.objectContaining({ file: "2025-02-11.md", line: 1, column: 1, severity: "error", code: "unreadable" }),
    ]);
    expect(dangling?.diagnostics[0]?.message).toMatch(/^File could not be read \(ENOENT\); check that it exists/);
  });
});

// Issue #5: a file is checked to be UTF-8 without being decoded, and decoded only when parsed;
// what it reads as, or the bad byte it is refused for, must be what a strict decode gives.
describe("readContentFile's UTF-8 check", () => {
  const dir = join(root, "utf8");
  mkdirSync(dir, { recursive: true });
  const strictly = (bytes: Uint8Array): string | null => {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  };
  // Text, with a byte now and then replaced: most such edits break a sequence, some not.
  const textWithEdits = fc
    .tuple(
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
    )
    .map(([text, edits]) => {
      const bytes = Buffer.from(text);
      for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
      return new Uint8Array(bytes);
    });
  const anyBytes = fc.uint8Array({ min: 1, maxLength: 24 });

  test.prop([fc.oneof(textWithEdits, anyBytes)], { numRuns: 300 })(
    "takes exactly the files a strict decode takes, and reads them as it does",
    async (bytes) => {
      const path = join(dir, "day.md");
      writeFileSync(path, bytes);
      const read = readContentFile(dir, path);
      const expected = bytes.includes(0) ? null : strictly(bytes);
      expect(read.bytes === null ? null : contentText(read.bytes)).toBe(expected);
      if (expected === null)
        expect(read.diagnostics.map((d) => d.code)).toEqual([bytes.includes(0) ? "not-text" : "not-utf8"]);
    },
  );

  // A byte that starts no character anywhere: a continuation byte, C0, C1 or F5 to FF.
  const neverValid = fc.oneof(fc.integer({ min: 0x80, max: 0xc1 }), fc.integer({ min: 0xf5, max: 0xff }));
  const textWithoutNul = fc.string({ unit: "binary", maxLength: 30 }).map((text) => text.replaceAll("\0", ""));

  test.prop([textWithoutNul, neverValid, textWithoutNul], { numRuns: 200 })(
    "points at the bad byte itself, wherever the text before it ends",
    (before, bad, after) => {
      const path = join(dir, "bad.md");
      const head = Buffer.from(before);
      writeFileSync(path, Buffer.concat([head, Buffer.of(bad), Buffer.from(after)]));
      const read = readContentFile(dir, path);
      const lines = before.split("\n");
      expect(read.diagnostics).toEqual([
        expect.objectContaining({
          code: "not-utf8",
          line: lines.length,
          column: (lines.at(-1) as string).length + 1,
          message: expect.stringContaining(`bad byte at offset ${head.length})`),
        }),
      ]);
    },
  );

  it("drops a leading byte order mark, as the decode before did", async () => {
    const path = join(dir, "bom.md");
    writeFileSync(path, Buffer.from("\uFEFF## Daily Papers (2025-02-10)\n"));
    const read = readContentFile(dir, path);
    expect(read.bytes === null ? null : contentText(read.bytes)).toBe("## Daily Papers (2025-02-10)\n");
  });
});
