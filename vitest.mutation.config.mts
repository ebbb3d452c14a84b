// The library's own unit tests, for mutation testing (stryker.config.mjs, run by
// scripts/mutation.mjs): only the test files that cover the module being mutated
// (MUTATION_TESTS, a JSON list of globs), never the kernel, Jupyter, grading,
// lesson or packaging tests, which exercise the built dist/ (mutants live in src/)
// and take minutes. `npm test` uses vitest.config.mts and is unaffected.
import { defineConfig } from "vitest/config";

const raw = process.env.MUTATION_TESTS;
const tests: string[] | undefined = raw ? (raw.startsWith("[") ? JSON.parse(raw) : raw.split(",")) : undefined;

export default defineConfig({
  test: {
    include: tests?.length ? tests : ["test/*.test.ts", "test/{tensor,optim,nn}/**/*.test.ts"],
    exclude: ["test/lessons.test.ts", "test/package.test.ts", "test/site.test.ts", "test/cli.test.ts", "test/optim/parallel.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
