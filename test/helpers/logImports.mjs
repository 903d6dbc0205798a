// For `node --import`: records the URL of every module the process loads, one per line,
// in the file named by PD_IMPORT_LOG (test/cli/launcher.test.ts).
import { register } from "node:module";

register("./logImportsHooks.mjs", import.meta.url);
