import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/tempRoot.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    coverage: {
      include: ["src/**"],
      thresholds: { lines: 80, functions: 80, branches: 70, statements: 80 },
    },
  },
});
