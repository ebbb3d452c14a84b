// Grade submissions against their source notebooks: each submission is merged
// with its source (tests and hidden tests restored by grade_id, tampering
// reported), run headlessly with a timeout per cell in its own kernel(s),
// and scored per test cell: full points when the cell runs without error,
// none otherwise. Submissions are graded in parallel, one kernel each.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CellResult } from "../jupyter";
import { joinText, readNotebook, type Notebook } from "../jupyter";
import { collectNotebooks, repoKernelDir } from "../jupyter";
import { feedbackHtml } from "./feedback";
import { fileHash, GRADER_VERSION, gradeKey, gradebookWriter, loadResults, saveResult, totals, writeFileAtomic, type NotebookGrade, type TestResult } from "./gradebook";
import { prepareSubmission } from "./prepare";
import { releaseNotebook } from "./release";
import { hasMarkers } from "./markers";
import { executeResilient } from "./resilient";
import { messageOf, solutionFailures, testMessage } from "./explain";
import { exerciseMap, GradingError, gradeIdOf, isGrade, isLocked, isSolution, isTestCell, nbgraderOf } from "./metadata";
import { computeChecksum } from "./checksum";
import { compilerSandbox, DEFAULT_LIMITS, gradingKernel, removeStaleSandboxDirs, sandboxProblem, type SandboxLimits } from "./sandbox/sandbox";
import { limitHit } from "./sandbox/limits";
import { REFUSED_ERROR_NAME } from "./sandbox/gate";
import { newAnchor, sealTests } from "./sandbox/seal";
import { findShortcuts, reimplementsOf, solutionNamesOf, type Shortcut } from "./shortcut";
import { applyManual, loadManual } from "./manual";
import { shardOf, type Shard } from "./shard";
import { CompileService, precompiledCells, type CompilerSandbox } from "../jupyter/compile-service";
import { dependencyDir } from "../jupyter/kernelspec";

/** Default per-cell timeout when grading, ms. */
export const DEFAULT_GRADE_TIMEOUT_MS = 60_000;

/** A source notebook, loaded once per run. */
export interface GradingSource {
  file: string;
  /** Basename without .ipynb; submissions are matched to sources by it. */
  name: string;
  notebook: Notebook;
  released: Notebook;
  /** sha256 of the source file, with the grader version: results of another source are stale. */
  hash: string;
}

/** A submitted notebook and who handed it in. */
export interface Submission {
  file: string;
  student: string;
  assignment: string;
  /** The source it answers (its name). */
  notebook: string;
}

/** Options of grading. */
export interface GradeOptions {
  /** Per-cell timeout, ms (default 60 000). */
  timeoutMs?: number;
  /** Extra kernelspec data dirs (the repo's kernel/ is searched first). */
  kernelDirs?: string[];
  /** Kernel start timeout, ms. */
  startupTimeoutMs?: number;
  /**
   * The sandbox's limits (default {@link DEFAULT_LIMITS}); `null` grades
   * without the sandbox, with the grader's own permissions (the kernel is
   * still locked down and the tests sealed). When the sandbox cannot be set
   * up, grading refuses to start unless this is `null`.
   */
  sandbox?: SandboxLimits | null;
  /** Files or folders the notebooks read, made available read-only in the kernel's working folder. */
  data?: string[];
  /**
   * The grader's compiler (compile-service.ts): each cell is type-checked
   * there and the kernel only runs it. Without it each kernel starts its own
   * compiler (several seconds of CPU per submission).
   */
  compiler?: CompileService;
}

/** The sandbox limits of a grading run (null: no sandbox). @throws Error when a sandbox is asked for and cannot be set up */
export function sandboxFor(options: GradeOptions): SandboxLimits | null {
  if (options.sandbox === null) return null;
  const problem = sandboxProblem();
  if (problem) {
    throw new Error(`refusing to grade: the sandbox that keeps student code away from the sources, the other submissions and the gradebook cannot be set up here (${problem}). Install bubblewrap, or pass --no-sandbox to grade with the grader's own permissions (every feedback page will say so)`);
  }
  return { ...DEFAULT_LIMITS, ...options.sandbox };
}

/** The sandbox of the run's type-checker: the kernels' limits and data paths (null: no sandbox). */
function compilerSandboxFor(options: GradeOptions): CompilerSandbox | null {
  const limits = sandboxFor(options);
  return limits ? compilerSandbox(limits, options.data ?? []) : null;
}

/** Whether the grading kernel can load `module` for the sealed tests (resolvable from the dependencies descent runs with). */
function canPreload(module: string): boolean {
  if (module.startsWith(".") || module.startsWith("/")) return false;
  try {
    require.resolve(module, { paths: [dependencyDir()] });
    return true;
  } catch {
    return false;
  }
}

/** Options of {@link gradeSubmissions}. */
export interface GradeRunOptions extends GradeOptions {
  /** The source notebooks (files or folders). */
  source: string[];
  /** Output folder (default `gradebook`). */
  outDir?: string;
  /** Submissions graded at once (default: {@link defaultGradeJobs}). */
  jobs?: number;
  /** Regrade even submissions already graded with the same hashes. */
  force?: boolean;
  /** Called as each submission is graded or skipped. */
  onGraded?: (grade: NotebookGrade, skipped: boolean) => void;
  /** Grade only this share of the submissions (see shard.ts); merge the shards' folders with mergeGradebooks. */
  shard?: Shard;
  /** Type-check in one compiler for the whole run (default true; false: each kernel compiles its own cells, as before). */
  sharedCompiler?: boolean;
}

/** What a grading run did. */
export interface GradeRun {
  grades: NotebookGrade[];
  graded: number;
  skipped: number;
  gradebook: { json: string; csv: string };
  durationMs: number;
}

/**
 * Load a source notebook and its release.
 * @throws GradingError / NotebookFormatError naming the file
 */
export function loadSource(file: string): GradingSource {
  const notebook = readNotebook(file);
  // A student version passed as the source grades without the hidden tests and against stubs.
  const released = notebook.cells.some((c) => typeof nbgraderOf(c)?.checksum === "string");
  if (released && !notebook.cells.some((c) => isSolution(c) && hasMarkers(joinText(c.source)).solution)) {
    throw new GradingError(`${file}: this is a released (student) notebook: its solutions are stubs and its hidden tests are gone, so grading against it would check the visible tests only; pass the source notebook it was released from, with solutions and hidden tests`);
  }
  return { file, name: path.basename(file, ".ipynb"), notebook, released: releaseNotebook(notebook, file), hash: `${GRADER_VERSION}:${fileHash(file)}` };
}

function stdoutOf(r: CellResult | undefined): string {
  if (!r) return "";
  return r.outputs
    .filter((o) => o.output_type === "stream" && o.name === "stdout")
    .map((o) => joinText((o as { text: string | string[] }).text))
    .join("");
}

function kernelDirsOf(options: GradeOptions): string[] {
  const repo = repoKernelDir();
  return [...(repo ? [repo] : []), ...(options.kernelDirs ?? [])];
}

/**
 * Grade one submission against its source. Never throws for what the
 * submission does; an unreadable submission is graded zero with `error` set.
 * The submission file is only read.
 */
export async function gradeNotebook(source: GradingSource, sub: Submission, options: GradeOptions = {}): Promise<NotebookGrade> {
  const t0 = Date.now();
  const base = {
    student: sub.student,
    assignment: sub.assignment,
    notebook: sub.notebook,
    submission: sub.file,
    submissionHash: fileHash(sub.file),
    sourceHash: source.hash,
    feedback: path.join("feedback", sub.student, ...(sub.assignment !== sub.notebook ? [sub.assignment] : []), `${sub.notebook}.html`),
  };
  let submitted: Notebook;
  try {
    submitted = readNotebook(sub.file);
  } catch (e) {
    // Nothing can be run; every test scores zero against the source's points.
    return finish(base, source, source.notebook, { results: new Map(), restarts: 0, tampering: [], shortcuts: [], error: `the submission could not be read: ${(e as Error).message}`, sandbox: sandboxFor(options), t0 });
  }
  const sandbox = sandboxFor(options);
  const { notebook, tampering } = prepareSubmission(source.notebook, source.released, submitted);
  // Tests take their helpers from a global the kernel locks before any student code (see sandbox/seal.ts),
  // and close the gate on what their exercise re-implements (sandbox/gate.ts).
  const anchor = newAnchor();
  const sealed = sealTests(notebook, source.notebook, anchor, canPreload, GATE_SECRET);
  const gate = sealed.guarded.length > 0 ? { names: sealed.guarded, secret: GATE_SECRET } : undefined;
  const preload = [...new Set(["descent", ...sealed.preload])];
  const compiler = options.compiler;
  const session = anchor;
  const run = await executeResilient(sealed.notebook, {
    kernelDirs: kernelDirsOf(options),
    wrapKernel: (spec) => gradingKernel(spec, { sandbox, anchor, preload, precompiled: Boolean(compiler), ...(gate ? { gate } : {}), ...(options.data ? { data: options.data } : {}) }),
    ...(compiler ? { requestExtra: precompiledCells(compiler, session, anchor) } : {}),
    timeoutMs: options.timeoutMs ?? DEFAULT_GRADE_TIMEOUT_MS,
    interruptGraceMs: 1_000,
    ...(options.startupTimeoutMs ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
    // Tests are not replayed after a restart: they only read state.
    replay: (cell) => !isTestCell(cell),
  });
  compiler?.endSession(session);
  if (compiler?.startError) throw new Error(`${sub.file}: the grader's type-checker could not be started, so nothing was graded: ${compiler.startError}`);
  if (run.kernelError) {
    throw new Error(`${sub.file}: the kernel could not be started, so nothing was graded: ${run.kernelError}`);
  }
  // The instructor's read-only cells that run before any student code must
  // pass; if one fails (the library missing or being rebuilt, a data file
  // gone) the fault is the grader's, so record nothing and let a rerun grade it.
  for (const [i, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== "code") continue;
    if (!isLocked(cell) || isGrade(cell)) break;
    const r = run.cells.get(i);
    if (r && r.status !== "ok") {
      throw new Error(`${sub.file}: the source's read-only cell "${gradeIdOf(cell)}" failed before any student code ran, so nothing was graded (${messageOf(r).split("\n")[0]}); check the grading environment and rerun`);
    }
  }
  // Solutions that call the library functions their exercise re-implements (metadata.descent.reimplements of the source).
  const shortcuts = findShortcuts(notebook, reimplementsOf(source.notebook), exerciseMap(source.notebook), solutionNamesOf(source.notebook));
  shortcuts.push(...refusedCalls(notebook, run.cells, source.notebook, shortcuts));
  return finish(base, source, notebook, { results: run.cells, restarts: run.restarts, tampering, shortcuts, error: null, sandbox, t0 });
}

/**
 * The gate's secret for this grader process, on each grading kernel's stdin;
 * each sealed test holds its own token derived from it. Per process, so that
 * a test's compile is the same for every submission and remembered
 * (compile-service.ts).
 */
const GATE_SECRET = crypto.randomBytes(16).toString("hex");

/**
 * Exercises whose tests the gate refused a call in (sandbox/gate.ts): the
 * solution reached a function it re-implements by a way the static check did
 * not see. Scored as that check's shortcuts are: 0 for every test of the exercise.
 */
function refusedCalls(nb: Notebook, results: Map<number, CellResult>, source: Notebook, found: Shortcut[]): Shortcut[] {
  const exercises = exerciseMap(source);
  const solutionOf = new Map<string, string>();
  for (const id of reimplementsOf(source).keys()) solutionOf.set(exercises.get(id) ?? id, id);
  const out = new Map<string, Shortcut>();
  nb.cells.forEach((cell, i) => {
    const e = results.get(i)?.error;
    const id = gradeIdOf(cell);
    if (!id || !isTestCell(cell) || e?.ename !== REFUSED_ERROR_NAME) return;
    const exercise = exercises.get(id) ?? id;
    if (found.some((s) => s.exercise === exercise) || out.has(exercise)) return;
    const name = /^(\S+) is turned off/.exec(e.evalue)?.[1] ?? "a function";
    out.set(exercise, {
      exercise,
      gradeId: solutionOf.get(exercise) ?? id,
      names: [name],
      message: `0 for exercise "${exercise}": while its tests ran, the solution called the library's ${name}, which this exercise asks you to write`,
    });
  });
  return [...out.values()];
}

/** What {@link finish} needs besides the notebook. */
interface Outcome {
  results: Map<number, CellResult>;
  restarts: number;
  tampering: NotebookGrade["tampering"];
  shortcuts: Shortcut[];
  error: string | null;
  sandbox: SandboxLimits | null;
  t0: number;
}

function finish(base: Pick<NotebookGrade, "student" | "assignment" | "notebook" | "submission" | "submissionHash" | "sourceHash" | "feedback">, source: GradingSource, nb: Notebook, o: Outcome): NotebookGrade {
  const { results, error, sandbox } = o;
  const tamperedIds = new Set(o.tampering.map((t) => t.gradeId));
  const shortcutOf = new Map(o.shortcuts.map((s) => [s.exercise, s]));
  const tests: TestResult[] = [];
  const exerciseOfId = exerciseMap(source.notebook);
  // A cell that ran into a sandbox limit says which one.
  const limitOf = (r: CellResult | undefined) => (r && sandbox ? limitHit(r, sandbox) : null);
  const explain = (r: CellResult | undefined): string => [messageOf(r), limitOf(r)].filter(Boolean).join("\n");
  // The student's own failed cell, named beside the tests it explains (explain.ts).
  const brokenSolutions = solutionFailures(nb, results, exerciseOfId, limitOf);
  nb.cells.forEach((cell, i) => {
    const m = nbgraderOf(cell);
    // nbgrader's task cells (a question answered elsewhere, scored by hand) count like manually graded answers.
    if (!m || !(isGrade(cell) || m.task === true)) return;
    const gradeId = gradeIdOf(cell) ?? `cell-${i + 1}`;
    const maxPoints = Number(m.points ?? 0);
    const exercise = exerciseOfId.get(gradeId) ?? gradeId;
    if (isSolution(cell) || m.task === true) {
      // A manually graded answer: nbgrader gives 0 automatically when it is
      // still the released stub, else leaves it to the instructor.
      const untouched = !m.task && m.checksum !== undefined && computeChecksum(cell) === m.checksum;
      tests.push({ gradeId, exercise, kind: "manual", points: untouched || error ? 0 : null, maxPoints, status: "manual", message: untouched ? "not answered" : "", source: joinText(cell.source), stdout: "", tampered: tamperedIds.has(gradeId) });
      return;
    }
    if (cell.cell_type !== "code") return;
    const r = results.get(i);
    const shortcut = shortcutOf.get(exercise);
    const ok = !error && r?.status === "ok" && !shortcut;
    tests.push({
      gradeId,
      exercise,
      kind: "test",
      points: ok ? maxPoints : 0,
      maxPoints,
      status: error ? "skipped" : (r?.status ?? "skipped"),
      message: error ? "not run" : testMessage(explain(r), ok || shortcut ? undefined : brokenSolutions.get(exercise), shortcut?.message),
      source: joinText(cell.source),
      stdout: stdoutOf(r),
      tampered: tamperedIds.has(gradeId),
    });
  });
  return totals({
    ...base,
    tests,
    exercises: [],
    score: 0,
    maxScore: 0,
    tampering: o.tampering,
    shortcuts: o.shortcuts,
    needsManualGrading: false,
    error,
    kernelRestarts: o.restarts,
    sandbox,
    gradedAt: new Date().toISOString(),
    durationMs: Date.now() - o.t0,
  });
}

/**
 * Submissions graded at once by default: twice the cores, since a kernel
 * spends part of its start-up waiting rather than computing (bench/grade.ts
 * on 2 cores, kernels compiling their own cells: 2 jobs 8.3/min, 4 jobs
 * 15.3/min; with the grader's compiler, at load 10–13: 2 jobs 59.7/min,
 * 3 jobs 48.2, 4 jobs 58.3, the same within the noise), but no more than
 * free memory allows at ~400 MB per kernel.
 */
export function defaultGradeJobs(): number {
  return Math.max(1, Math.min(2 * os.cpus().length, Math.floor(os.freemem() / 400e6)));
}

/**
 * Find submissions under `paths` (files or folders). Two layouts:
 * nbgrader's `submitted/<student>/<assignment>/<notebook>.ipynb`, where the
 * file is named like a source notebook; and a flat folder of
 * `<student>.ipynb` files, allowed when there is exactly one source.
 * @throws Error naming a file that matches no source when there are several
 */
export function findSubmissions(paths: string[], sources: GradingSource[], exclude: string[] = []): Submission[] {
  const names = new Set(sources.map((s) => s.name));
  const skip = exclude.map((d) => path.resolve(d) + path.sep);
  const sourceFiles = new Set(sources.map((s) => path.resolve(s.file)));
  const files = collectNotebooks(paths).filter((f) => !skip.some((d) => f.startsWith(d)) && !sourceFiles.has(f));
  const roots = paths.map((p) => path.resolve(p));
  const subs = files.map((file): Submission => {
    const base = path.basename(file, ".ipynb");
    if (names.has(base)) {
      const dir = path.dirname(file);
      return { file, student: path.basename(path.dirname(dir)), assignment: path.basename(dir), notebook: base };
    }
    // A flat folder names the student by the file; inside student folders the file's own name
    // ("… (1).ipynb", "Untitled.ipynb") says nothing about who wrote it.
    const inSubfolder = !roots.some((r) => r === file || r === path.dirname(file));
    if (sources.length === 1 && !inSubfolder) return { file, student: base, assignment: sources[0]!.name, notebook: sources[0]!.name };
    if (sources.length === 1) {
      throw new Error(`${file}: a notebook in a subfolder must be named like its source (${sources[0]!.name}.ipynb, as in submitted/<student>/<assignment>/${sources[0]!.name}.ipynb); rename it, or grade a flat folder of <student>.ipynb files`);
    }
    throw new Error(`${file}: cannot tell which source notebook it answers (sources: ${[...names].join(", ")}); use submitted/<student>/<assignment>/<notebook>.ipynb, or a flat folder of <student>.ipynb with one --source`);
  });
  // Two files with one key would share one gradebook row: one student's grade would be lost.
  const seen = new Map<string, string>();
  for (const sub of subs) {
    const key = gradeKey(sub), other = seen.get(key);
    if (other) throw new Error(`two submissions would be graded as student "${sub.student}", assignment "${sub.assignment}", notebook "${sub.notebook}": ${other} and ${sub.file}; grade them separately or give each student their own name`);
    seen.set(key, sub.file);
  }
  return subs;
}

const sandboxKey = (l: SandboxLimits | null | undefined): string => (l ? `${l.memoryMb} MB, ${l.cpuSeconds} s, ${l.diskMb} MB` : "none");

/**
 * Grade every submission under `paths` and write, under `outDir`:
 * `results/…json` (one per submission, atomically, as each is graded),
 * `gradebook.json`, `gradebook.csv` and `feedback/<student>/[<assignment>/]<notebook>.html`.
 * Submissions already graded with the same submission and source hashes, in
 * the same sandbox, are skipped unless `force`.
 * @throws Error when a source is malformed or no submission is found
 */
export async function gradeSubmissions(paths: string[], options: GradeRunOptions): Promise<GradeRun> {
  const t0 = Date.now();
  // Refuse before anything runs when the sandbox is wanted and cannot be had.
  const limits = sandboxFor(options);
  if (limits) removeStaleSandboxDirs();
  const outDir = path.resolve(options.outDir ?? "gradebook");
  // Else every submission's kernel fails to start, one after the other, naming bwrap's mount.
  for (const d of options.data ?? []) if (!fs.existsSync(d)) throw new Error(`--data ${d}: no such file or folder`);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new Error(`--out ${outDir} is a file, not a folder`);
  const sourceFiles = collectNotebooks(options.source);
  if (sourceFiles.length === 0) throw new Error(`no source notebooks found in ${options.source.join(", ")}`);
  const sources = sourceFiles.map(loadSource);
  const byName = new Map(sources.map((s) => [s.name, s]));
  const found = findSubmissions(paths, sources, [outDir]);
  if (found.length === 0) {
    // --out inside the submissions' folder hides what is in it (it is skipped, to never grade a gradebook).
    const inside = paths.filter((p) => (outDir + path.sep).startsWith(path.resolve(p) + path.sep));
    throw new Error(`no submissions found in ${paths.join(", ")}${inside.length ? ` (--out ${outDir} is inside it and is skipped: grade into a folder beside the submissions)` : ""}`);
  }
  const shard = options.shard;
  const subs = shard ? found.filter((s) => shardOf(s, shard.count) === shard.index) : found;

  const results = loadResults(outDir);
  const manual = loadManual(outDir);
  fs.mkdirSync(outDir, { recursive: true });
  let graded = 0;
  let skipped = 0;
  const todo: Submission[] = [];
  for (const s of subs) {
    const prev = results.get(gradeKey(s));
    // A grade from another sandbox (or none: --no-sandbox) is not this run's grade.
    const sameSandbox = sandboxKey(prev?.sandbox) === sandboxKey(limits);
    if (!options.force && prev && sameSandbox && prev.submissionHash === fileHash(s.file) && prev.sourceHash === byName.get(s.notebook)!.hash && fs.existsSync(path.join(outDir, prev.feedback))) {
      skipped++;
      options.onGraded?.(prev, true);
    } else todo.push(s);
  }
  const book = gradebookWriter(outDir, () => [...results.values()]);
  const gradebook = book.flush();
  const jobs = Math.max(1, Math.floor(options.jobs ?? defaultGradeJobs()));
  // One compiler for the run, started while the first kernels start.
  const compiler = todo.length && options.sharedCompiler !== false && !options.compiler ? new CompileService({ sandbox: compilerSandboxFor(options), timeoutMs: options.timeoutMs ?? DEFAULT_GRADE_TIMEOUT_MS, ...(options.data ? { data: options.data } : {}) }) : undefined;
  void compiler?.start().catch(() => undefined);
  const gradeOptions: GradeOptions = compiler ? { ...options, compiler } : options;
  let next = 0;
  const failed: string[] = [];
  const worker = async () => {
    while (next < todo.length) {
      const s = todo[next++]!;
      let g: NotebookGrade;
      try {
        g = await gradeNotebook(byName.get(s.notebook)!, s, gradeOptions);
      } catch (e) {
        // The grader's own trouble (no kernel): nothing is recorded, so a rerun grades it.
        failed.push((e as Error).message);
        continue;
      }
      // Scores entered by hand before a regrade still count.
      g = applyManual(g, manual.get(gradeKey(g)));
      // Feedback first, then the result that marks the submission as done.
      writeFileAtomic(path.join(outDir, g.feedback), feedbackHtml(g));
      saveResult(outDir, g);
      results.set(gradeKey(g), g);
      book.changed();
      graded++;
      options.onGraded?.(g, false);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, todo.length) }, worker));
  } finally {
    compiler?.close();
    book.flush();
  }
  if (failed.length) throw new Error(`${failed.length} submission(s) could not be graded (the others are in ${outDir}):\n  ${failed.join("\n  ")}`);
  const keys = new Set(subs.map(gradeKey));
  return { grades: [...results.values()].filter((g) => keys.has(gradeKey(g))).sort((a, b) => gradeKey(a).localeCompare(gradeKey(b))), graded, skipped, gradebook, durationMs: Date.now() - t0 };
}
