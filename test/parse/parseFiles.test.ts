import { describe, expect, it, vi } from "vitest";
import { parseDayFile } from "../../src/parse/index.ts";
import { type ParseJob, parseFiles } from "../../src/parseFiles.ts";
import type { ParsedFile } from "../../src/types.ts";

/** Made-up day files of different sizes, so a mix-up of indexes shows. */
const jobs: ParseJob[] = Array.from({ length: 60 }, (_, n) => {
  const day = String((n % 28) + 1).padStart(2, "0");
  const papers = Array.from(
    { length: (n % 4) + 1 },
    (_, p) =>
      `### [합성 논문 ${n}-${p}](https://arxiv.org/abs/2401.${String(n * 10 + p).padStart(5, "0")})\n\nVote: ${n + p}\n\nAuthors: Kim ${n}, Lee ${p}\n\n- **What's New**: 파일 ${n}의 ${p}번째 논문은 새로운 방법을 제안합니다.\n`,
  );
  return { file: `2024/01/${day}-${n}.md`, text: `## Daily Papers (2024-01-${day})\n\n${papers.join("\n")}` };
});

/** Every result by job index, and how many files this thread parsed. */
async function collect(
  options: Parameters<typeof parseFiles>[3],
): Promise<{ results: Map<number, ParsedFile[]>; here: number }> {
  const results = new Map<number, ParsedFile[]>();
  let here = 0;
  const parseHere = (text: string, file: string) => {
    here += 1;
    return parseDayFile(text, file);
  };
  const done = (index: number, parsed: ParsedFile) => results.set(index, [...(results.get(index) ?? []), parsed]);
  await parseFiles(jobs, parseHere, done, options);
  return { results, here };
}

describe("parseFiles", () => {
  it("gives each file, parsed on either thread, the record the parser makes on this one", async () => {
    const { results, here } = await collect({ parallelFrom: 2 });
    // The worker parsed every other file.
    expect(here).toBe(jobs.length / 2);
    expect([...results.keys()].sort((a, b) => a - b)).toEqual(jobs.map((_, index) => index));
    for (const [index, job] of jobs.entries()) expect(results.get(index)).toEqual([parseDayFile(job.text, job.file)]);
  });

  it("parses on this thread alone below the threshold", async () => {
    const { results, here } = await collect({ parallelFrom: 1000 });
    expect(here).toBe(jobs.length);
    for (const [index, job] of jobs.entries()) expect(results.get(index)).toEqual([parseDayFile(job.text, job.file)]);
  });

  it("parses the worker's files here when the worker dies, each file once, and says so", async () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const { results, here } = await collect({
      parallelFrom: 2,
      workerEntry: new URL("../fixtures/workers/diesAfterOne.mjs", import.meta.url),
    });
    expect(here).toBe(jobs.length - 1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("The second parser thread failed"));
    warn.mockRestore();
    expect([...results.keys()].sort((a, b) => a - b)).toEqual(jobs.map((_, index) => index));
    const fromWorker = [...results].filter(([, [parsed]]) => (parsed as { fromDyingWorker?: boolean }).fromDyingWorker);
    expect(fromWorker.map(([index]) => index)).toEqual([1]);
    for (const [index, job] of jobs.entries()) {
      if (index !== 1) expect(results.get(index)).toEqual([parseDayFile(job.text, job.file)]);
    }
  });
});
