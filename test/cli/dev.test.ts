import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthesizeFiles } from "../../scripts/synth.ts";
import { CLI, runCli } from "../helpers/cli.ts";
import { eventually } from "../helpers/eventually.ts";
import { freePort } from "../helpers/freePort.ts";
import { fileTree } from "../helpers/tree.ts";
import { smallProject } from "../robustness/helpers.ts";

describe("paper-digest dev", () => {
  // Node's own message named options.port and a NaN, not --port; an empty one was port 0.
  it.each(["abc", "65536", "80.5", "-1", ""])("refuses --port=%j, naming --port and its range", async (port) => {
    const { root } = await smallProject("pd-dev-port-");
    // A server that starts all the same would never end.
    const result = spawnSync(process.execPath, [CLI, "dev", `--port=${port}`], {
      cwd: root,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `--port must be a whole number from 0 to 65535 (0 picks a free port), not \`${port}\`.`,
    );
  });

  it("stops a first build that is still parsing with 130 and its message, and leaves the output folder whole", async () => {
    const { root, content, out } = await smallProject("pd-dev-stop-");
    expect(runCli(["build", "--content", content, "--out", out, "--no-search"], root).code).toBe(0);
    const before = fileTree(out);
    // Enough days that parsing them takes a while after the port is taken.
    for (const file of synthesizeFiles(150)) {
      mkdirSync(dirname(join(content, file.file)), { recursive: true });
      writeFileSync(join(content, file.file), file.text);
    }
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, "dev", "--content", content, "--out", out, "--port", `${port}`], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const outcome = ended(child);
    // The port is taken, and the signal handled, before the first build starts.
    await eventually(() => accepts(port), 15_000, 5);
    child.kill("SIGINT");
    const { code, stderr } = await outcome;
    expect(stderr).not.toContain("Serving");
    expect(code, stderr).toBe(130);
    expect(stderr).toContain("Stopped (SIGINT): the unfinished build was dropped; the output folder is as it was.");
    expect(fileTree(out)).toEqual(before);
    expect(readdirSync(root).filter((name) => name.startsWith(".dist."))).toEqual([]);
  });

  it("ends with 0 and says nothing more when stopped with no build running, the usual way out", async () => {
    const { root, content, out } = await smallProject("pd-dev-idle-");
    const child = spawn(process.execPath, [CLI, "dev", "--content", content, "--out", out, "--port", "0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const outcome = ended(child);
    await eventually(async () => stderr.includes("Serving"));
    child.kill("SIGINT");
    const { code } = await outcome;
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain("Stopped");
  });
});

function ended(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("close", (code) => done({ code, stderr }));
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      done(true);
    });
    socket.on("error", () => done(false));
  });
}
