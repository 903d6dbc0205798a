import type { BuildProgress } from "./build.ts";

/**
 * Whether a build shows its progress: on a terminal, and not in CI, whose logs would keep
 * every step (issue #5). `CI=false` or `CI=0`, as some tools set it to say "not CI", shows it.
 */
export function showsProgress(isTerminal: boolean | undefined, ci: string | undefined): boolean {
  return isTerminal === true && (ci === undefined || ["", "0", "false"].includes(ci.trim().toLowerCase()));
}

/** A terminal's one line of build progress, which every other line `say`s ends first. */
export interface ProgressLine {
  /** Rewrites the line with `event`; a phase that reached its total ends it. */
  show(event: BuildProgress): void;
  /** Writes a line of its own, below the progress line if one is open. */
  say(line: string): void;
  /** Ends the progress line if one is open: before writing elsewhere (stdout). */
  end(): void;
}

/**
 * @param write where the progress and the lines go (stderr): a failure's message written on
 *   the open progress line read `6500 output files done… Error: …`
 */
export function progressLine(write: (text: string) => void): ProgressLine {
  let open = false;
  const end = () => {
    if (open) write("\n");
    open = false;
  };
  return {
    show(event) {
      // Counted as read or done, not parsed or written: a rebuild takes most files from its
      // cache and keeps most pages, which the summary line counts apart.
      const label = event.phase === "parse" ? "content files read" : "output files done";
      const count = event.total === undefined ? `${event.done}` : `${event.done}/${event.total}`;
      const done = event.done === event.total;
      write(`\r${count} ${label}\u001b[K${done ? "\n" : ""}`);
      open = !done;
    },
    say(line) {
      end();
      write(`${line}\n`);
    },
    end,
  };
}
