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

/** The shared counter's slot: bytes handed to the workers and not yet written. */
const PENDING = 0;

/**
 * The worker, as plain CommonJS so that it needs no module of its own in the compiled CLI.
 * It writes each file of a batch (creating its folder), subtracts its bytes from the
 * shared counter, and after the first failure only counts. On "finish" it replies with the
 * first failure, or null; messages are handled in order, so every batch sent before is
 * written by then.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { mkdirSync, writeFileSync } = require("node:fs");
const { dirname } = require("node:path");
const shared = new Int32Array(workerData);
const folders = new Set();
let failure = null;
parentPort.on("message", (message) => {
  if (message === "finish") return parentPort.postMessage(failure);
  for (const [file, bytes] of message) {
    if (failure === null) {
      try {
        const folder = dirname(file);
        if (!folders.has(folder)) {
          mkdirSync(folder, { recursive: true });
          folders.add(folder);
        }
        writeFileSync(file, bytes);
      } catch (error) {
        failure = { file, message: error instanceof Error ? error.message : String(error) };
      }
    }
    Atomics.sub(shared, ${PENDING}, bytes.byteLength);
  }
  Atomics.notify(shared, ${PENDING});
});
`;

/** A write a worker could not make. */
export interface WriteFailure {
  /** The file, or "" when a worker stopped with files still to write. */
  readonly file: string;
  readonly message: string;
}

/**
 * Writes files from worker threads, so that the thread that renders pages never waits on
 * the disk (issue #5). Creating a file is work for the kernel (from 0.05 ms on a fast disk
 * to over 1 ms on a slow virtual one, where a cold build at 1x spent more time creating its
 * 13,000 files than rendering them); on worker threads it runs beside the rendering, on
 * both cores. Writes are sync inside each worker: they wait for nothing else.
 */
export class WritePool {
  private readonly shared = new Int32Array(new SharedArrayBuffer(4));
  private readonly workers: Worker[];
  private readonly batches: [string, Uint8Array][][];
  /** Per batch: the memory blocks that move to its worker (see `write`), each once. */
  private readonly handedOver: Set<ArrayBuffer>[];
  private next = 0;
  private readonly maxPendingBytes: number;
  /** Why a worker stopped, if one did: its files are then never written. */
  private crash: string | undefined;
  /** Workers that have stopped: they will never answer `finish`. */
  private readonly stopped = new Set<Worker>();

  constructor(options: WritePoolOptions = {}) {
    this.maxPendingBytes = options.maxPendingBytes ?? MAX_PENDING_BYTES;
    this.workers = Array.from({ length: Math.max(1, options.workers ?? Math.min(2, availableParallelism())) }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: this.shared.buffer });
      // Kept for `finish`; without a listener a worker's error would end the whole process.
      worker.on("error", (error) => {
        this.crash ??= error.message;
      });
      worker.on("exit", () => this.stopped.add(worker));
      return worker;
    });
    this.batches = this.workers.map(() => []);
    this.handedOver = this.workers.map(() => new Set());
  }

  /**
   * Queues one file, its folder created as needed. Returns at once unless the workers are
   * more than `maxPendingBytes` behind; then it waits for them.
   * @param file absolute path
   * @param bytes its content, not to be changed afterwards: it is copied to the worker when
   *   its batch is sent, up to `BATCH_FILES` writes later
   * @param handOver the caller never uses `bytes` again: when they fill a memory block of
   *   their own, the block moves to the worker instead of being copied (a year of the JSON
   *   API is 11 MB, and its copies were the top of a cold build's memory at ten years)
   */
  write(file: string, bytes: Uint8Array, handOver = false): void {
    const index = this.next;
    const batch = this.batches[index] as [string, Uint8Array][];
    batch.push([file, bytes]);
    const { buffer } = bytes;
    // Empty blocks stay: one already moved is empty, and moving it again would fail the whole batch.
    const whole = bytes.byteLength > 0 && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength;
    if (handOver && whole && buffer instanceof ArrayBuffer) this.handedOver[index]?.add(buffer);
    Atomics.add(this.shared, PENDING, bytes.byteLength);
    if (batch.length >= BATCH_FILES) this.send(index);
    if (Atomics.load(this.shared, PENDING) > this.maxPendingBytes) this.waitBelow(this.maxPendingBytes / 2);
  }

  /**
   * Waits until every queued file is written, then stops the workers.
   * @returns the first write that failed, or null
   */
  async finish(): Promise<WriteFailure | null> {
    this.sendAll();
    try {
      const replies = await Promise.all(
        this.workers.map(
          (worker) =>
            new Promise<WriteFailure | null>((resolve) => {
              const stopped = () =>
                resolve({ file: "", message: `a file-writing thread stopped: ${this.crash ?? "no reason given"}` });
              if (this.stopped.has(worker)) return stopped();
              worker.once("message", resolve);
              worker.once("exit", stopped);
              worker.postMessage("finish");
            }),
        ),
      );
      return replies.find((reply) => reply !== null) ?? null;
    } finally {
      await this.close();
    }
  }

  /** Stops the workers at once; files queued and not yet written may or may not exist. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private send(index: number): void {
    const batch = this.batches[index] as [string, Uint8Array][];
    if (batch.length === 0) return;
    (this.workers[index] as Worker).postMessage(batch, [...(this.handedOver[index] ?? [])]);
    this.batches[index] = [];
    this.handedOver[index] = new Set();
    this.next = (index + 1) % this.workers.length;
  }

  private sendAll(): void {
    for (let index = 0; index < this.batches.length; index += 1) this.send(index);
  }

  /**
   * Blocks this thread until the workers have less than `limit` bytes left to write.
   * @throws Error when they write nothing for `STALL_MS` (a worker that stopped never will)
   */
  private waitBelow(limit: number): void {
    // Bytes still sitting in an unsent batch would never be written while this thread waits.
    this.sendAll();
    for (let pending = Atomics.load(this.shared, PENDING); pending > limit; ) {
      if (Atomics.wait(this.shared, PENDING, pending, STALL_MS) === "timed-out")
        throw new Error(`The file-writing threads wrote nothing for ${STALL_MS / 1000} s.`);
      pending = Atomics.load(this.shared, PENDING);
    }
  }
}
