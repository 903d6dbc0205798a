import { readFileSync } from "node:fs";
import { type FileStamp, sameStamp } from "../io/readContent.ts";
import { seal, unseal } from "./sealed.ts";
import { writeAtomically } from "./writeAtomically.ts";

/** A content file's stamp when it was read and the key of the bytes it had then. */
interface StampedKey extends FileStamp {
  readonly key: string;
}

/** What the file holds: whose content folder, under which tool, and each file's stamp and key. */
interface StampsFile {
  readonly toolKey: string;
  readonly contentDir: string;
  readonly files: ReadonlyMap<string, StampedKey>;
}

/**
 * Each content file's stamp (its stat) and the key of its bytes as the last build read
 * them, so a rebuild reads only the files whose stamp changed, as git's index does (issue
 * #5: reading, decoding and hashing every file was 0.1 s of adding a day at 1x and 0.45 s
 * at 10x). A key only names a parsed record, which is itself checked against the key, and
 * a missing record means reading the file after all; so this can make a build slower,
 * never different. Which stamps vouch for their bytes is `readContent`'s call.
 */
export class ContentStamps {
  private readonly previous: ReadonlyMap<string, StampedKey>;
  private readonly next = new Map<string, StampedKey>();
  /** Files `keyOf` knew in this build, which were therefore not read. */
  hits = 0;

  /**
   * @param path the file, e.g. `.cache/dist/content-v6.bin`
   * @param contentDir the absolute content folder; stamps of another are never used
   * @param enabled false for `--no-cache`: start empty (the new stamps are still saved)
   */
  constructor(
    private readonly path: string,
    private readonly toolKey: string,
    private readonly contentDir: string,
    enabled: boolean,
  ) {
    this.previous = enabled ? this.load() : new Map();
  }

  /** The key the file's bytes had when it last had `stamp`, if this cache saw it. */
  keyOf(file: string, stamp: FileStamp): string | undefined {
    const key = this.previousKey(file, stamp);
    if (key !== undefined) this.hits += 1;
    return key;
  }

  private previousKey(file: string, stamp: FileStamp): string | undefined {
    const known = this.previous.get(file);
    return known !== undefined && sameStamp(known, stamp) ? known.key : undefined;
  }

  /** Records the stamp and key a file had in this build, for the next one. */
  remember(file: string, stamp: FileStamp, key: string): void {
    this.next.set(file, { ...stamp, key });
  }

  /** Saves this build's stamps when they differ from the last build's; failures only cost time. */
  save(): void {
    if (this.sameAsPrevious()) return;
    const data: StampsFile = { toolKey: this.toolKey, contentDir: this.contentDir, files: this.next };
    try {
      writeAtomically(this.path, seal(data));
    } catch {
      // Read-only checkout or full disk: the next build reads every file.
    }
  }

  private sameAsPrevious(): boolean {
    if (this.next.size !== this.previous.size) return false;
    for (const [file, stamped] of this.next) {
      if (this.previousKey(file, stamped) !== stamped.key) return false;
    }
    return true;
  }

  private load(): ReadonlyMap<string, StampedKey> {
    try {
      const data = unseal(readFileSync(this.path)) as StampsFile;
      if (data.toolKey === this.toolKey && data.contentDir === this.contentDir && data.files instanceof Map)
        return data.files;
    } catch {
      // Missing or unreadable: no stamps.
    }
    return new Map();
  }
}
