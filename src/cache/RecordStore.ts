import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ParsedFile } from "../types.ts";
import { seal, unseal } from "./sealed.ts";
import { writeAtomically, writeAtomicallyInBackground } from "./writeAtomically.ts";

/** What a record file holds: its key again, so a renamed or mixed-up file is never taken for another. */
interface StoredRecord {
  readonly key: string;
  readonly parsed: ParsedFile;
}

const TOOL_FILE = "tool";

/**
 * Bytes of records being written in the background, beyond which `put` writes on the
 * calling thread (which then waits for the disk): at ten years the records are 136 MB.
 */
const MAX_PENDING_BYTES = 16 * 1024 * 1024;

/**
 * Parsed content files kept between builds, one file per content file, named by its
 * key (hash of path and bytes). A build reads the records it needs and writes only new
 * ones: saving every record in one file on every build was 136 MB to serialise at ten
 * years of digests, and its buffer was the top of a cold build's memory (issue #5).
 * Records of one tool version only: another version's folder is emptied before use.
 * Every failure to read is a miss and every failure to write is ignored; the cache
 * can make a build slower, never different.
 */
export class RecordStore {
  /** Whether the folder was written by this tool version; checked on first use. */
  private current: boolean | undefined;
  /** Records being written in the background, and their bytes. */
  private readonly writes = new Set<Promise<void>>();
  private pendingBytes = 0;

  /**
   * @param dir the folder, e.g. `.cache/dist/parsed-v6`
   * @param toolKey the tool version; records of any other are never read
   */
  constructor(
    readonly dir: string,
    private readonly toolKey: string,
  ) {}

  /** The record saved under `key`, or undefined when there is none (or it cannot be read). */
  get(key: string): ParsedFile | undefined {
    if (!this.isCurrent()) return undefined;
    try {
      const stored = unseal(readFileSync(this.fileOf(key))) as StoredRecord;
      return stored.key === key ? stored.parsed : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Saves a record under `key`, in the background (see `settled`); a build cut off
   * mid-write leaves no half record. Creating a file costs up to 2 ms on a slow disk,
   * so a cold build at ten years spent seconds creating its 3,700 records between
   * parsing one file and the next; now parsing goes on meanwhile (issue #5).
   */
  put(key: string, parsed: ParsedFile): void {
    try {
      if (!this.isCurrent()) {
        rmSync(this.dir, { recursive: true, force: true });
        mkdirSync(this.dir, { recursive: true });
        writeFileSync(join(this.dir, TOOL_FILE), this.toolKey);
        this.current = true;
      }
      const bytes = seal({ key, parsed } satisfies StoredRecord);
      if (this.pendingBytes + bytes.byteLength > MAX_PENDING_BYTES) {
        writeAtomically(this.fileOf(key), bytes);
        return;
      }
      this.pendingBytes += bytes.byteLength;
      const write: Promise<void> = writeAtomicallyInBackground(this.fileOf(key), bytes)
        // Read-only checkout or full disk: the next build parses this file again.
        .catch(() => undefined)
        .finally(() => {
          this.pendingBytes -= bytes.byteLength;
          this.writes.delete(write);
        });
      this.writes.add(write);
    } catch {
      // Read-only checkout or full disk: the next build parses this file again.
    }
  }

  /** Waits until every record `put` so far is written (or has failed to be). */
  async settled(): Promise<void> {
    await Promise.all(this.writes);
  }

  /** Deletes every record but those under `keys` (the content files of this build); call after `settled`. */
  keepOnly(keys: ReadonlySet<string>): void {
    if (!this.isCurrent()) return;
    const wanted = new Set([...keys].map((key) => this.nameOf(key)));
    try {
      for (const name of readdirSync(this.dir)) {
        if (name !== TOOL_FILE && !wanted.has(name)) rmSync(join(this.dir, name), { force: true });
      }
    } catch {
      // Gone or unreadable: nothing to clean.
    }
  }

  private isCurrent(): boolean {
    if (this.current === undefined) {
      try {
        this.current = readFileSync(join(this.dir, TOOL_FILE), "utf8") === this.toolKey;
      } catch {
        this.current = false;
      }
    }
    return this.current;
  }

  /** Hex, not the key's base64url: file names that differ only in case are one file on macOS and Windows. */
  private nameOf(key: string): string {
    return `${Buffer.from(key, "base64url").toString("hex")}.bin`;
  }

  private fileOf(key: string): string {
    return join(this.dir, this.nameOf(key));
  }
}
