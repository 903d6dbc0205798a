// A second parser thread (see src/parseFiles.ts): parses each file it is sent and sends
// back its index and record. The parser never throws (property-tested); if it ever
// did, the thread dies and the files it had left are parsed by the main thread.
import { parentPort } from "node:worker_threads";
import { parseDayFile } from "./parseDayFile.ts";

parentPort?.on("message", ({ index, file, text }: { index: number; file: string; text: string }) => {
  parentPort?.postMessage({ index, parsed: parseDayFile(text, file) });
});
