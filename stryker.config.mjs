// Mutation testing of the numeric library (issue 20). Run through
// `npm run mutation` (scripts/mutation.mjs), which mutates one module at a time
// (MUTATION_MODULE) with `--mutate`, only that module's tests and its own
// incremental file, under the shared heavy-work lock.
const name = (process.env.MUTATION_MODULE ?? "all").replace(":", "-");

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.mts", related: false },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  // Two cores shared by several people: one test runner and one checker.
  concurrency: 1,
  incremental: true,
  incrementalFile: `docs/mutation/incremental-${name}.json`,
  // A mutant that loops forever (j += 4 made j -= 4) costs the timeout and a runner restart: keep it short.
  timeoutMS: 5000,
  reporters: ["clear-text", "json", "html", "progress-append-only"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  // dist.next-*: the build writes there first; a build running while Stryker copies the project must not break the copy.
  ignorePatterns: ["dist", "dist.next-*", "out", "lessons", "gradebook", "bench", "docs", "kernel", "reports", ".stryker-tmp"],
  thresholds: { high: 90, low: 80, break: null },
};
