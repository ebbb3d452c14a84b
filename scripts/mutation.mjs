#!/usr/bin/env node
// Mutation testing of the numeric library (issue 20), one module at a time:
//   npm run mutation                 every module below, in turn
//   npm run mutation -- nn optim     only these
// Each module mutates its own files, runs only the test files that cover it
// (MUTATION_TESTS, a JSON list read by vitest.mutation.config.mts; no brace globs, --mutate splits on commas) and keeps its own
// incremental file, so a rerun tests only mutants whose code or tests changed.
// Heavy: every run takes the shared lock /tmp/descent-heavy.lock first.
// Reports land in reports/mutation/<module>.{json,html}; docs/mutation.md is
// the summary written from them by scripts/mutation-report.mjs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

// The tests that exercise the optimizers' update rules (every optim part but schedules-clip).
const OPTIMIZER_TESTS = [
  "test/optim/errors.test.ts", "test/optim/fixtures.test.ts", "test/optim/hand.test.ts", "test/optim/identities.test.ts",
  "test/optim/presets.test.ts", "test/optim/state.test.ts", "test/optim/validate.test.ts", "test/nn/wasm-training.test.ts",
  "test/optim/scalars-ahead.test.ts",
  // The argument checks' messages, one bad input each.
  "test/errors/messages.test.ts",
];

/**
 * module → files mutated, test files run. Large modules are split so each run holds the shared
 * lock for minutes, not an hour; the report adds the parts up (name before the colon).
 */
// The tensor parts: their own tests, and the errors table, which pins the argument checks' messages.
const TENSOR_TESTS = ["test/tensor/*.test.ts", "test/errors/messages.test.ts"];

export const MODULES = {
  // Each part also runs the errors table (test/errors/messages.test.ts), which pins its argument checks' messages.
  ema: { mutate: ["src/ema/ema.ts"], tests: ["test/ema.test.ts", "test/errors/messages.test.ts"] },
  gradcheck: { mutate: ["src/gradcheck/gradcheck.ts"], tests: ["test/nn/gradcheck.test.ts", "test/nn/gradcheck-guards.test.ts", "test/nn/course.test.ts", "test/nn/backward-paths.test.ts", "test/errors/messages.test.ts"] },
  "optim:schedules-clip": { mutate: ["src/optim/schedules.ts", "src/optim/clip.ts"], tests: ["test/clip.test.ts", "test/schedules.test.ts", "test/optim/errors.test.ts", "test/errors/messages.test.ts"] },
  // The optimizers in parts of 250-400 mutants: the shared machinery (driver, chain, applyUpdates,
  // state), then the update rules, presets and option checks.
  "optim:driver": {
    mutate: ["src/optim/driver.ts", "src/optim/chain.ts", "src/optim/apply.ts", "src/optim/state.ts"],
    tests: ["test/optim/errors.test.ts", "test/optim/fixtures.test.ts", "test/optim/hand.test.ts", "test/optim/identities.test.ts",
      "test/optim/presets.test.ts", "test/optim/state.test.ts", "test/clip.test.ts", "test/schedules.test.ts",
      // The only tests that reach the scalars handed to the WebAssembly training loop (fastUpdateOf).
      "test/nn/wasm-training.test.ts", "test/optim/scalars-ahead.test.ts",
      // The argument checks of applyUpdates, clipping and loadState (their messages, one bad input each).
      "test/errors/messages.test.ts"],
  },
  "optim:adam": { mutate: ["src/optim/adam.ts"], tests: OPTIMIZER_TESTS },
  "optim:sgd-momentum": { mutate: ["src/optim/sgd.ts", "src/optim/momentum.ts", "src/optim/nesterov.ts"], tests: OPTIMIZER_TESTS },
  "optim:adagrad-rmsprop-presets": { mutate: ["src/optim/adagrad.ts", "src/optim/rmsprop.ts", "src/optim/presets.ts"], tests: OPTIMIZER_TESTS },
  "optim:validate": { mutate: ["src/optim/validate.ts"], tests: OPTIMIZER_TESTS },
  "nn:init-minibatch": { mutate: ["src/nn/init.ts", "src/nn/minibatch.ts"], tests: ["test/init.test.ts", "test/nn/data.test.ts", "test/nn/nn.test.ts", "test/nn/init-minibatch-guards.test.ts", "test/errors/messages.test.ts"] },
  "nn:backward": {
    mutate: ["src/nn/backward.ts"],
    tests: ["test/nn/backward-paths.test.ts", "test/nn/backward-api.test.ts", "test/nn/extreme-logits.test.ts", "test/nn/nn.test.ts", "test/nn/course.test.ts"],
  },
  "nn:activations-costs": {
    mutate: ["src/nn/activations.ts", "src/nn/costs.ts"],
    tests: ["test/nn/costs-regularization.test.ts", "test/nn/extreme-logits.test.ts", "test/nn/backward-paths.test.ts",
      "test/nn/nn.test.ts", "test/nn/gradcheck.test.ts", "test/nn/course.test.ts",
      // The argument checks of activate, activationBackward and the costs (their messages, one bad input each).
      "test/errors/messages.test.ts", "test/nn/backward-api.test.ts", "test/nn/activations-costs-guards.test.ts"],
  },
  "nn:regularization-batchnorm": {
    mutate: ["src/nn/regularization.ts", "src/nn/batchnorm.ts"],
    tests: ["test/nn/costs-regularization.test.ts", "test/nn/backward-paths.test.ts", "test/nn/nn.test.ts", "test/nn/gradcheck.test.ts", "test/nn/course.test.ts", "test/errors/messages.test.ts",
      "test/nn/regularization-batchnorm-guards.test.ts"],
  },
  // model.ts + workspace.ts and train.ts + diagnose.ts: about 600 mutants each.
  "nn:model": {
    mutate: ["src/nn/model.ts", "src/nn/workspace.ts"],
    tests: ["test/nn/nn.test.ts", "test/nn/backward-paths.test.ts", "test/nn/train.test.ts", "test/nn/course-model.test.ts",
      "test/nn/diagnose.test.ts", "test/nn/data.test.ts", "test/nn/week1-data.test.ts", "test/nn/model-guards.test.ts", "test/nn/workspace.test.ts",
      "test/nn/model-api.test.ts", "test/nn/forward-guards.test.ts",
      "test/nn/dropout-masks.test.ts", "test/nn/model-edges.test.ts", "test/errors/messages.test.ts"],
  },
  "nn:train": {
    mutate: ["src/nn/train.ts", "src/nn/diagnose.ts"],
    tests: ["test/nn/nn.test.ts", "test/nn/backward-paths.test.ts", "test/nn/train.test.ts", "test/nn/course-model.test.ts",
      "test/nn/diagnose.test.ts", "test/nn/data.test.ts", "test/nn/week1-data.test.ts", "test/nn/train-options.test.ts", "test/nn/diagnose-more.test.ts",
      "test/nn/train-divergence.test.ts", "test/nn/train-stopping.test.ts", "test/nn/train-edges.test.ts",
      // The argument checks of evaluate, diagnoseBiasVariance and train (their messages, one bad input each).
      "test/errors/messages.test.ts"],
  },
  // The WebAssembly binary writer and kernels (src/tensor/wasm/) are bytes of a module:
  // a mutant there is an invalid module or a different SIMD instruction, which the wasm tests
  // catch wholesale; they are left out. parallel.ts (the worker pool) runs in worker threads
  // Stryker's coverage does not see (test/optim/parallel.test.ts covers it).
  // Three parts of 700-800 mutants each.
  "tensor:matrix-ops": { mutate: ["src/tensor/matrix.ts", "src/tensor/ops.ts", "src/tensor/alloc.ts", "src/tensor/compare.ts"], tests: TENSOR_TESTS },
  "tensor:linalg": { mutate: ["src/tensor/linalg.ts", "src/tensor/eigen.ts", "src/tensor/gemm.ts", "src/tensor/pairwise.ts"], tests: TENSOR_TESTS },
  "tensor:reduce-slice-format": { mutate: ["src/tensor/reduce.ts", "src/tensor/slice.ts", "src/tensor/format.ts"], tests: TENSOR_TESTS },
  // The rest of the learner's library: numpy's generator, the data sets and their preparation,
  // the classification metrics, hyperparameter search and the test surfaces.
  random: {
    mutate: ["src/random/random.ts"],
    tests: ["test/random.test.ts", "test/random-api.test.ts", "test/init.test.ts", "test/nn/data.test.ts", "test/nn/dropout-masks.test.ts", "test/errors/messages.test.ts"],
  },
  data: {
    mutate: ["src/data/*.ts", "!src/data/index.ts"],
    tests: ["test/nn/data.test.ts", "test/nn/week1-data.test.ts", "test/data/generators-pinned.test.ts", "test/data/prep-io-pinned.test.ts", "test/optim/test-case.test.ts", "test/nn/course-model.test.ts", "test/nn/diagnose.test.ts", "test/errors/messages.test.ts"],
  },
  metrics: { mutate: ["src/metrics/confusion.ts"], tests: ["test/metrics/confusion.test.ts", "test/errors/messages.test.ts"] },
  search: { mutate: ["src/search/search.ts", "src/search/table.ts"], tests: ["test/search/table.test.ts", "test/search/search-pinned.test.ts", "test/nn/train.test.ts", "test/errors/messages.test.ts"] },
  surfaces: { mutate: ["src/surfaces/surface.ts", "src/surfaces/descend.ts"], tests: ["test/surfaces/surfaces.test.ts", "test/surfaces/surfaces-pinned.test.ts", "test/errors/messages.test.ts"] },
  // check(): what a lesson's check cell prints and counts, the pass or fail a learner and CI read.
  cell: { mutate: ["src/cell/check.ts"], tests: ["test/cell/check.test.ts", "test/cell/check-pinned.test.ts", "test/errors/messages.test.ts"] },
};

// Run only when invoked (scripts/mutation-report.mjs imports MODULES).
if (path.resolve(process.argv[1] ?? "") === path.join(ROOT, "scripts/mutation.mjs")) {
  const args = process.argv.slice(2);
  // Module names (or a prefix such as "nn"); anything else goes to Stryker (e.g. --concurrency 2).
  const isModule = (a) => Boolean(MODULES[a]) || Object.keys(MODULES).some((k) => k.startsWith(`${a}:`));
  const extra = args.filter((a) => !isModule(a));
  const wanted = args.filter(isModule);
  const names = (wanted.length ? wanted : Object.keys(MODULES)).flatMap((w) => (MODULES[w] ? [w] : Object.keys(MODULES).filter((k) => k.startsWith(`${w}:`))));
  const unknown = extra.filter((a, i) => !a.startsWith("-") && !(extra[i - 1]?.startsWith("-") && !extra[i - 1]?.includes("=")));
  if (unknown.length) { console.error(`mutation: unknown module "${unknown.join(" ")}"; expected one of ${Object.keys(MODULES).join(", ")}`); process.exit(2); }

  fs.mkdirSync(path.join(ROOT, "reports/mutation"), { recursive: true });
  let status = 0;
  for (const name of names) {
    const m = MODULES[name];
    const cmd = [
      "/tmp/descent-heavy.lock", "npx", "stryker", "run", "stryker.config.mjs",
      "--mutate", m.mutate.join(","),
      ...extra,
    ];
    console.log(`\n== mutation: ${name} (${m.mutate.join(", ")}) ==`);
    const r = spawnSync("flock", cmd, { cwd: ROOT, stdio: "inherit", env: { ...process.env, MUTATION_MODULE: name, MUTATION_TESTS: JSON.stringify(m.tests) } });
    if (r.status !== 0) status = r.status ?? 1;
  }
  process.exit(status);
}
