import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/**
 * Files in one message to a worker: a message per file costs more than the write on a fast disk.
 */
const BATCH_FILES = 32;

/** Bytes handed to the workers and not yet written, beyond which `write` waits (so a site never piles up in memory). */
const MAX_PENDING_BYTES = 32 * 1024 * 1024;

/** How long `write` waits for the workers to write anything before it gives up. */
const STALL_MS = 120_000;

/** How a `WritePool` runs. */
export interface WritePoolOptions {
  /** Threads to write from. Default: two, or one on a single core. */
  readonly workers?: number;
  /** Bytes not yet written beyond which `write` waits until half of them are. Default: 32 MiB. */
  readonly maxPendingBytes?: number;
}

/** One file for the pool to write. */
export interface PoolFile {
  /** Where to write it, relative to the pool's folder, with `/`. */
  readonly path: string;
  /** Its bytes, not to be changed afterwards. */
  readonly bytes: Uint8Array;
  /** Leave the file unwritten when `hashBytes` of its bytes equals this. */
  readonly unlessHash?: string;
  /** Leave the file unwritten when its bytes equal this file's (an absolute path). */
  readonly unlessSameAs?: string;
}

/** What became of one file: its `hashBytes`, and whether it was written or found unchanged. */
export interface PoolResult {
  readonly path: string;
  readonly hash: string;
  readonly written: boolean;
}

/** A write a worker could not make. */
export interface WriteFailure {
  /** The file (absolute), or "" when a worker stopped with files still to write. */
  readonly file: string;
  readonly message: string;
  /** The failed call's error code (`ENOSPC`), when it had one. */
  readonly code?: string;
}

/** The shared counter's slot: bytes handed to the workers and not yet written. */
const PENDING = 0;

/**
 * The worker, as plain CommonJS so that it needs no module of its own in the compiled CLI.
 * For each file of a batch it hashes the bytes as `hashBytes` does, writes them (creating
 * the folder) unless they are unchanged, and subtracts them from the shared counter; after
 * the first failure it only hashes and counts. On "finish" it replies with the first
 * failure, or null, and every file's result; messages are handled in order, so every
 * batch sent before is done by then.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, statSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const { root, counter } = workerData;
const shared = new Int32Array(counter);
const folders = new Set();
// Each file's hash and whether it was written, in the order the files came; compact, as a
// 10x build sends 160,000 of them back.
const hashes = [];
let written = "";
let failure = null;
function sameBytes(file, bytes) {
  try {
    const info = statSync(file);
    return info.isFile() && info.size === bytes.byteLength && readFileSync(file).equals(bytes);
  } catch {
    return false;
  }
}
parentPort.on("message", (message) => {
  if (message === "finish") return parentPort.postMessage({ failure, hashes: hashes.join("\\n"), written });
  for (const { bytes, unlessHash, unlessSameAs, path } of message) {
    const hash = createHash("sha1").update(bytes).digest("base64url");
    const same = unlessHash !== undefined ? unlessHash === hash : unlessSameAs !== undefined && sameBytes(unlessSameAs, bytes);
    hashes.push(hash);
    written += same ? "0" : "1";
    const file = join(root, path);
    if (!same && failure === null) {
      try {
        const folder = dirname(file);
        if (!folders.has(folder)) {
          mkdirSync(folder, { recursive: true });
          folders.add(folder);
        }
        writeFileSync(file, bytes);
      } catch (error) {
        failure = { file, message: error instanceof Error ? error.message : String(error), code: error?.code };
      }
    }
    Atomics.sub(shared, ${PENDING}, bytes.byteLength);
  }
  Atomics.notify(shared, ${PENDING});
});
`;

/** What `finish` reports. */
export interface PoolOutcome {
  /** The first write that failed, or null. */
  readonly failure: WriteFailure | null;
  /** Every file given to `write`, in no particular order (made each time they are read). */
  readonly results: Iterable<PoolResult>;
}

/** A worker's reply to "finish": per file it was sent, in order, its hash (`\n`-separated) and `1` if written, else `0`. */
interface WorkerReply {
  readonly failure: WriteFailure | null;
  readonly hashes: string;
  readonly written: string;
}

/**
 * Writes files under one folder from worker threads, so that the thread that renders
 * pages never waits on the disk, nor hashes or compares what it rendered (issue #5).
 * Creating a file is work for the kernel (from 0.05 ms on a fast disk to over 1 ms on a
 * slow virtual one, where a cold build at 1x spent more time creating its 13,000 files
 * than rendering them), and hashing the two gigabytes of a 10x site was 1 s of the
 * rendering thread's time; on worker threads they run beside the rendering, on both cores.
 * Writes are sync inside each worker: they wait for nothing else.
 */
export class WritePool {
  private readonly shared = new Int32Array(new SharedArrayBuffer(4));
  private readonly workers: Worker[];
  private readonly batches: PoolFile[][];
  /** Per worker, the path of every file sent to it, in order: its reply gives their results in that order. */
  private readonly sent: string[][];
  /** Per batch: the memory blocks that move to its worker (see `write`), each once. */
  private readonly handedOver: Set<ArrayBuffer>[];
  private next = 0;
  private readonly maxPendingBytes: number;
  /** Why a worker stopped, if one did: its files are then never written. */
  private crash: string | undefined;
  /** Workers that have stopped: they will never answer `finish`. */
  private readonly stopped = new Set<Worker>();

  /** @param root the folder every file is written under */
  constructor(root: string, options: WritePoolOptions = {}) {
    this.maxPendingBytes = options.maxPendingBytes ?? MAX_PENDING_BYTES;
    const workerData = { root, counter: this.shared.buffer };
    this.workers = Array.from({ length: Math.max(1, options.workers ?? Math.min(2, availableParallelism())) }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
      // Kept for `finish`; without a listener a worker's error would end the whole process.
      worker.on("error", (error) => {
        this.crash ??= error.message;
      });
      worker.on("exit", () => this.stopped.add(worker));
      return worker;
    });
    this.batches = this.workers.map(() => []);
    this.sent = this.workers.map(() => []);
    this.handedOver = this.workers.map(() => new Set());
  }

  /**
   * Queues one file, its folder created as needed. Returns at once unless the workers are
   * more than `maxPendingBytes` behind; then it waits for them.
   * @param file the file; its bytes are copied to the worker when its batch is sent, up
   *   to `BATCH_FILES` writes later
   * @param handOver the caller never uses the bytes again: when they fill a memory
   *   block of their own, the block moves to the worker instead of being copied (a year of
   *   the JSON API is 11 MB, and its copies were the top of a cold build's memory at ten years)
   */
  write(file: PoolFile, handOver = false): void {
    const index = this.next;
    const batch = this.batches[index] as PoolFile[];
    batch.push(file);
    const { bytes } = file;
    const { buffer } = bytes;
    // Empty blocks stay: one already moved is empty, and moving it again would fail the whole batch.
    const whole = bytes.byteLength > 0 && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength;
    if (handOver && whole && buffer instanceof ArrayBuffer) this.handedOver[index]?.add(buffer);
    Atomics.add(this.shared, PENDING, bytes.byteLength);
    if (batch.length >= BATCH_FILES) this.send(index);
    if (Atomics.load(this.shared, PENDING) > this.maxPendingBytes) this.waitBelow(this.maxPendingBytes / 2);
  }

  /** Waits until every queued file is done, then stops the workers. */
  async finish(): Promise<PoolOutcome> {
    this.sendAll();
    try {
      const replies = await Promise.all(
        this.workers.map(
          (worker) =>
            new Promise<WorkerReply>((resolve) => {
              const stopped = () =>
                resolve({
                  failure: { file: "", message: `a file-writing thread stopped: ${this.crash ?? "no reason given"}` },
                  hashes: "",
                  written: "",
                });
              if (this.stopped.has(worker)) return stopped();
              worker.once("message", resolve);
              worker.once("exit", stopped);
              worker.postMessage("finish");
            }),
        ),
      );
      const { sent } = this;
      return {
        failure: replies.find((reply) => reply.failure !== null)?.failure ?? null,
        results: {
          *[Symbol.iterator]() {
            for (const [index, reply] of replies.entries()) {
              const hashes = reply.hashes === "" ? [] : reply.hashes.split("\n");
              for (const [n, hash] of hashes.entries())
                yield { path: sent[index]?.[n] as string, hash, written: reply.written[n] === "1" };
            }
          },
        },
      };
    } finally {
      await this.close();
    }
  }

  /** Stops the workers at once; files queued and not yet written may or may not exist. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private send(index: number): void {
    const batch = this.batches[index] as PoolFile[];
    if (batch.length === 0) return;
    for (const file of batch) this.sent[index]?.push(file.path);
    (this.workers[index] as Worker).postMessage(batch, [...(this.handedOver[index] ?? [])]);
    this.batches[index] = [];
    this.handedOver[index] = new Set();
    this.next = (index + 1) % this.workers.length;
  }

  private sendAll(): void {
    for (let index = 0; index < this.batches.length; index += 1) this.send(index);
  }

  /**
   * Blocks this thread until the workers have less than `limit` left to write.
   * @throws Error when they write nothing for `STALL_MS` (a worker that stopped never will)
   */
  private waitBelow(limit: number): void {
    // Files still sitting in an unsent batch would never be written while this thread waits.
    this.sendAll();
    for (let pending = Atomics.load(this.shared, PENDING); pending > limit; ) {
      if (Atomics.wait(this.shared, PENDING, pending, STALL_MS) === "timed-out")
        throw new Error(`The file-writing threads wrote nothing for ${STALL_MS / 1000} s.`);
      pending = Atomics.load(this.shared, PENDING);
    }
  }
}
