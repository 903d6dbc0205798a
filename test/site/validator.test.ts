import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { onePagePerKind } from "./pageKinds.ts";
import { buildSampleSite } from "./sampleSite.ts";

const VNU = join(import.meta.dirname, "../../node_modules/vnu-jar/build/dist/vnu.jar");
const hasJava = spawnSync("java", ["-version"]).status === 0;
if (!hasJava) console.warn("java not found: skipping the W3C Nu validator test (apt-get install default-jre-headless)");

describe.skipIf(!hasJava)("W3C Nu HTML validator", () => {
  let dist = "";
  beforeAll(async () => {
    dist = await buildSampleSite();
  });

  it("finds no error on one page of each kind", () => {
    const pages = onePagePerKind(dist);
    expect(Object.keys(pages).length).toBeGreaterThanOrEqual(13);
    const files = Object.values(pages).map((file) => join(dist, file));
    let output = "";
    try {
      execFileSync("java", ["-jar", VNU, "--errors-only", "--format", "json", ...files], { stdio: "pipe" });
    } catch (error) {
      output = String((error as { stderr?: Buffer }).stderr ?? "");
    }
    const messages =
      output === "" ? [] : (JSON.parse(output).messages as { url: string; message: string; extract?: string }[]);
    const found = messages.map((m) => `${m.url.replace(`file:${dist}`, "")}: ${m.message} ${m.extract ?? ""}`);
    expect([...new Set(found)]).toEqual([]);
  });
});
