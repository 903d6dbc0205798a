import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temporary folder for one test. */
export function tempDir(prefix = "pd-robust-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * A temporary project: `content/` holding one good day (2025-01-01) of `papers` papers.
 * @returns the project folder, its content folder and where its output folder would be
 */
export async function smallProject(
  prefix?: string,
  papers = 3,
): Promise<{ root: string; content: string; out: string }> {
  const root = await tempDir(prefix);
  const content = join(root, "content");
  await mkdir(content);
  await writeFile(join(content, "2025-01-01.md"), goodDay("2025-01-01", papers).text);
  return { root, content, out: join(root, "dist") };
}

/**
 * One well-formed day file with `count` papers; ids are `YYMM.NNNNN` made from the day and index.
 * @param day `YYYY-MM-DD`
 * @param count how many papers
 */
export function goodDay(day: string, count = 2): { text: string; ids: string[] } {
  const ids = Array.from(
    { length: count },
    (_, i) => `${day.slice(2, 4)}${day.slice(5, 7)}.${day.slice(8, 10)}${String(i).padStart(3, "0")}`,
  );
  const papers = ids.map(
    (id, i) => `### [Paper ${i} of ${day}](https://arxiv.org/abs/${id})

![](https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${id}.png)

Vote: ${i + 1}

Authors: Kim Minsu, Lee Jiwoo

- ***What's New***: ${day} 논문 ${i}의 새로운 점입니다.
- ***Technical Details***: 기술적 세부 사항입니다.
- ***Performance Highlights***: 성능이 좋습니다.
`,
  );
  return { text: `## Daily Papers (${day})\n\n${papers.join("\n")}`, ids };
}
