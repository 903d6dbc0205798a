import { describe, expect, it } from "vitest";
import { formatDiagnostic, formatError } from "../src/errors.ts";

// A terminal obeys escape sequences: what content or a file name says must not drive it.
describe("formatting for a terminal", () => {
  it("writes a diagnostic on one line, its control characters and line breaks written out", () => {
    const line = formatDiagnostic({
      file: "2025-01-04.md: looks fine [ok]\nall good 0 errors\n2025-01-04.md",
      line: 3,
      column: 1,
      severity: "error",
      code: "vote-unreadable",
      message: "`Vote: \u001b]0;PWNED\u0007` is not a number",
    });
    expect(line).toBe(
      "2025-01-04.md: looks fine [ok]\\nall good 0 errors\\n2025-01-04.md:3:1: error: `Vote: \\x1b]0;PWNED\\x07` is not a number [vote-unreadable]",
    );
  });

  it("writes out the separators and bidi controls that would reorder a line", () => {
    const line = formatDiagnostic({
      file: "a\u202Egnp.md",
      line: 1,
      column: 1,
      severity: "info",
      code: "x",
      message: "b\u2028c",
    });
    expect(line).toBe("a\\u202egnp.md:1:1: info: b\\u2028c [x]");
  });

  it("says what to do when a write failed for want of space, whichever cause says so", () => {
    const full = Object.assign(new Error("Could not write `a.html`: ENOSPC: no space left on device"), {
      code: "ENOSPC",
    });
    const error = new Error("Could not write the site to `dist`; the previous site is unchanged", { cause: full });
    expect(formatError(error).split("\n")).toEqual([
      "Error: Could not write the site to `dist`; the previous site is unchanged",
      "Reason: Could not write `a.html`: ENOSPC: no space left on device",
      "The disk is full (or the quota used up): free some space and build again.",
    ]);
    expect(formatError(new Error("x", { cause: new Error("y") }))).not.toContain("disk is full");
  });

  it("keeps an error's line breaks and writes out its other control characters", () => {
    const error = new Error("Could not write `tags/\u001b[2K/`", { cause: new Error("first\nsecond\r") });
    expect(formatError(error)).toBe("Error: Could not write `tags/\\x1b[2K/`\nReason: first\nsecond\\x0d");
  });
});
