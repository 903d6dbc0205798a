// Issue #6: `check --strict` is what a digest repository runs in its own CI.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { halfPairsIn } from "../helpers/wellFormed.ts";
import { goodDay, tempDir } from "../robustness/helpers.ts";

async function contentWith(files: Record<string, string>): Promise<string> {
  const root = await tempDir("pd-cli-");
  await mkdir(join(root, "content"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, "content", name), text);
  return root;
}

const WARNING_ONLY = `## Daily Papers (2025-01-02)\n\n### [No summary](https://arxiv.org/abs/2501.02001)\n\nVote: 1\n`;
const WITH_ERROR = `## Daily Papers (2025-01-03)\n\n### [Bad](https://example.com/x)\n\n- ***What's New***: x\n\n### [Good](https://arxiv.org/abs/2501.03001)\n\nVote: many\n\n- ***What's New***: y\n`;

describe("paper-digest check (issue #6)", () => {
  it("exits 0 on clean content", async () => {
    const root = await contentWith({ "2025-01-01.md": goodDay("2025-01-01").text });
    const result = runCli(["check"], root);
    expect(result.code, result.stderr).toBe(0);
    expect(runCli(["check", "--strict"], root).code).toBe(0);
  });

  it("exits 0 on warnings, 1 under --strict", async () => {
    const root = await contentWith({ "2025-01-02.md": WARNING_ONLY });
    expect(runCli(["check"], root).code).toBe(0);
    const strict = runCli(["check", "--strict"], root);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^\S*\/2025-01-02\.md:3:1: warning: .* \[no-summary\]$/m);
  });

  it("exits 1 on errors and prints file:line:column: severity: message [code]", async () => {
    const root = await contentWith({ "2025-01-03.md": WITH_ERROR, "2025-01-01.md": goodDay("2025-01-01").text });
    const result = runCli(["check"], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^\S*\/2025-01-03\.md:3:1: error: .* \[arxiv-link\]$/m);
    expect(result.stderr).toMatch(/^\S*\/2025-01-03\.md:9:1: error: .* \[vote-unreadable\]$/m);
    for (const line of result.stderr.trim().split("\n"))
      expect(line).toMatch(/^[^:]+:\d+:\d+: (?:error|warning|info): .+ \[[a-z0-9-]+\]$/);
  });

  it("--format json prints one parseable document with a diagnostics array", async () => {
    const root = await contentWith({ "2025-01-03.md": WITH_ERROR, "2025-01-01.md": goodDay("2025-01-01").text });
    const result = runCli(["check", "--format", "json"], root);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { papers: number; days: number; diagnostics: unknown[] };
    expect(report.papers).toBe(3);
    expect(report.days).toBe(2);
    expect(report.diagnostics).toContainEqual({
      file: "2025-01-03.md",
      line: 3,
      column: 1,
      severity: "error",
      code: "arxiv-link",
      message: expect.any(String),
    });
  });

  it("--format json holds no half surrogate pair, even where a message quotes the text that has one", async () => {
    const day = `---\ntags: ["a\\uDC00b"]\n"k\\uD800": 1\n---\n${goodDay("2025-01-01").text}`;
    const root = await contentWith({ "2025-01-01.md": day });
    const result = runCli(["check", "--format", "json"], root);
    // Escaped (`\udc00`) it is still half a pair, which strict JSON parsers reject (RFC 7493).
    expect(halfPairsIn(result.stdout)).toEqual([]);
    const report = JSON.parse(result.stdout) as { diagnostics: { code: string }[] };
    const codes = report.diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(["unpaired-surrogate", "front-matter-unknown-key"]));
  });

  it("--format json on clean content exits 0 with an empty diagnostics array", async () => {
    const root = await contentWith({ "2025-01-01.md": goodDay("2025-01-01").text });
    const result = runCli(["check", "--strict", "--format", "json"], root);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ papers: 2, days: 1, diagnostics: [] });
  });

  it.each([[["check", "--format", "xml"]], [["check", "--bogus"]], [["frobnicate"]], [[]]])(
    "exits 2 on usage errors: %j",
    async (args) => {
      const root = await contentWith({});
      const result = runCli(args, root);
      expect(result.code).toBe(2);
    },
  );

  it("exits 1 with a message when the content folder is missing", async () => {
    const root = await tempDir("pd-cli-");
    const result = runCli(["check", "--content", "nope"], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nope/);
  });

  it("build --strict on content with errors writes nothing and exits 1", async () => {
    const root = await contentWith({ "2025-01-03.md": WITH_ERROR });
    const result = runCli(["build", "--strict"], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^\S*\/2025-01-03\.md:3:1: error: /m);
    expect(existsSync(join(root, "dist"))).toBe(false);
  });

  it("prints no terminal escape sequence from content, in its text or its file's name", async () => {
    // ESC ] 0 ; … BEL sets a terminal's title; ESC [ 2 K erases the line.
    const title = "\u001b]0;PWNED\u0007\u001b[2K";
    const day = `## Daily Papers (2025-01-04)\n\n### [T](https://arxiv.org/abs/2501.04001) ${title}\n\nVote: ${title}\n\n- ***What's New***: x\n`;
    const root = await contentWith({ [`2025-01-04${title}.md`]: day });
    const result = runCli(["check"], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[vote-unreadable\]/);
    expect(result.stderr).toContain("\\x1b]0;PWNED\\x07\\x1b[2K.md");
    expect(result.stderr).not.toMatch(/(?![\t\n])\p{Cc}/u);
  });
});
