// Run many notebooks, in parallel up to the number of cores with one kernel
// each, and write for each the executed notebook and its HTML page, plus an
// index page, into an output folder (never over a source notebook). The pages
// form a small site: a table of contents, previous/next links, and one shared
// minified plotly.js beside them (it works opened from disk, offline).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { descentRoot, PRECOMPILED_ENV } from "./kernelspec";
import { DEFAULT_CELL_TIMEOUT_MS, executeNotebook, type NotebookResult, type ExecuteOptions } from "./execute";
import { indexToHtml, notebookToHtml, plotlyMinPath, type PageOptions } from "./html";
import { lessonInfo, lessonLabel, type LessonInfo } from "./lesson-info";
import { joinText, readNotebook, writeNotebook, NotebookFormatError, type Notebook } from "./nbformat";
import { silentReporter, type LessonSummary, type Reporter } from "./run-report";
import { keepTimings, readingContents, readingCopy } from "./reading-copy";
import { checkRasterizer } from "./rasterize";
import { CompileService, precompiledCells } from "./compile-service";

/** Options of {@link runNotebooks}. */
export interface RunOptions {
  /** Output folder (default `out`). */
  outDir?: string;
  /** Per-cell timeout, ms (default: {@link executeNotebook}'s). */
  timeoutMs?: number;
  /** Notebooks run at once (default: the number of cores). */
  jobs?: number;
  /** Extra kernelspec data dirs; `<repo>/kernel` is always searched first when present. */
  kernelDirs?: string[];
  /** Progress events (default: silent). */
  reporter?: Reporter;
  /** Called once the notebooks are found, before any runs (e.g. to size a progress bar). */
  onCollected?: (count: number, files: string[]) => void;
  /** Passed on to {@link executeNotebook}. */
  execute?: Omit<ExecuteOptions, "file" | "onCell" | "timeoutMs" | "kernelDirs">;
  /**
   * Compiler processes shared by the run's descent kernels (default 1): the
   * cells are type-checked there, TypeScript and descent's types loaded once
   * per run instead of once per lesson, and the kernels start without a
   * compiler of their own. 0: each kernel compiles its own cells. Notebooks
   * of another kernel always compile their own.
   */
  compilers?: number;
  /**
   * Also write a reading copy of each lesson that passed into this folder
   * (text and static pictures only: reading-copy.ts), and a README.md listing
   * every copy there. Copies of lessons that failed are left as they were.
   */
  publishDir?: string;
}

/** One notebook's outcome in a run. */
export interface LessonRun extends LessonSummary {
  file: string;
  /** Written files (absent when the notebook could not be read). */
  outputs: { notebook?: string; html?: string; readingCopy?: string };
  /** The execution result; null when the file was malformed. */
  result: NotebookResult | null;
  /** Number, titles, chapter and summary, as the site shows them. */
  info: LessonInfo;
}

/** The outcome of a run. */
export interface RunResult {
  lessons: LessonRun[];
  indexHtml: string;
  /** 0 when every lesson passed, 1 otherwise. */
  exitCode: number;
}

/** The repo's own kernel/ folder (holding kernels/descent/kernel.json), found from this module's location. */
export function repoKernelDir(): string | null {
  const dir = path.join(descentRoot(), "kernel");
  return fs.existsSync(path.join(dir, "kernels")) ? dir : null;
}

/**
 * The notebooks named by `paths`: files as given, folders searched
 * recursively for `*.ipynb` (skipping checkpoints and hidden folders), sorted.
 * @throws Error naming a path that does not exist or is not a notebook
 */
export function collectNotebooks(paths: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(".ipynb")) found.push(p);
    }
  };
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new Error(`${p}: no such file or folder`);
    if (fs.statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".ipynb")) found.push(p);
    else throw new Error(`${p}: not a notebook (expected a .ipynb file or a folder of them)`);
  }
  return [...new Set(found.map((f) => path.resolve(f)))];
}

/** The output names of notebooks (basename without .ipynb); clashing names are an error. */
function lessonNames(files: string[]): string[] {
  const names = files.map((f) => path.basename(f, ".ipynb"));
  const seen = new Map<string, string>();
  names.forEach((n, i) => {
    const other = seen.get(n);
    if (other) throw new Error(`two notebooks would both be written as ${n}.ipynb: ${other} and ${files[i]}`);
    seen.set(n, files[i]!);
  });
  return names;
}

/**
 * Execute notebooks and write `<out>/<lesson>.ipynb`, `<out>/<lesson>.html`
 * and `<out>/index.html`. A lesson fails when a cell errors (a failed check
 * included), times out, or kills its kernel, or when the file is malformed;
 * the run goes on with the other notebooks.
 * @throws Error when no notebook is found, or `outDir` would overwrite a source
 */
export async function runNotebooks(paths: string[], options: RunOptions = {}): Promise<RunResult> {
  const outDir = path.resolve(options.outDir ?? "out");
  const publishDir = options.publishDir === undefined ? undefined : path.resolve(options.publishDir);
  for (const p of paths.map((x) => path.resolve(x))) {
    const folder = p.endsWith(".ipynb") ? path.dirname(p) : p;
    if (folder === outDir) throw new Error(`--out ${outDir} is the folder of the source notebooks (${p}); choose another folder so sources are never overwritten`);
    if (publishDir && folder === publishDir) throw new Error(`--publish ${publishDir} is the folder of the source notebooks (${p}); choose another folder so sources are never overwritten`);
  }
  if (publishDir === outDir) throw new Error(`--publish ${publishDir} is also the --out folder, whose executed notebooks have the same names; choose another folder`);
  if (publishDir) checkRasterizer(); // before any lesson runs, not after the first one passed
  // Executed copies from an earlier run (an out/ inside a searched folder) are not lessons.
  const files = collectNotebooks(paths).filter((f) => !f.startsWith(outDir + path.sep) && !(publishDir && f.startsWith(publishDir + path.sep)));
  if (files.length === 0) throw new Error(`no notebooks found in ${paths.join(", ")}`);
  const names = lessonNames(files);
  fs.mkdirSync(outDir, { recursive: true });
  options.onCollected?.(files.length, files);
  const reporter = options.reporter ?? silentReporter;
  const repoDir = repoKernelDir();
  const kernelDirs = [...(repoDir ? [repoDir] : []), ...(options.kernelDirs ?? [])];
  const jobs = Math.max(1, Math.floor(options.jobs ?? os.cpus().length));

  // The site: each page knows its neighbours; all share one plotly.js.
  const infos = files.map((f) => {
    try {
      return lessonInfo(readNotebook(f), f);
    } catch {
      return lessonInfo(undefined, f);
    }
  });
  fs.copyFileSync(plotlyMinPath(), path.join(outDir, PLOTLY_FILE));
  const pageOptions = (i: number): PageOptions => ({
    plotly: { src: PLOTLY_FILE },
    info: infos[i]!,
    nav: {
      contents: "index.html",
      ...(i > 0 ? { prev: { href: `${names[i - 1]}.html`, label: lessonLabel(infos[i - 1]!) } } : {}),
      ...(i + 1 < files.length ? { next: { href: `${names[i + 1]}.html`, label: lessonLabel(infos[i + 1]!) } } : {}),
    },
  });

  const lessons: LessonRun[] = new Array(files.length);
  const order = longestFirst(files, names, outDir);
  const workers = Math.min(jobs, files.length);
  const compilers = new SharedCompilers(Math.min(workers, Math.max(0, Math.floor(options.compilers ?? 1))), options.timeoutMs ?? DEFAULT_CELL_TIMEOUT_MS);
  // The type-checker loads TypeScript and descent's types while the first kernels start.
  for (let w = 0; w < workers; w++) void compilers.for(w, files[order[w]!]!)?.start().catch(() => undefined);
  let next = 0;
  const worker = async (w: number) => {
    while (next < order.length) {
      const i = order[next++]!;
      lessons[i] = await runOne(files[i]!, names[i]!, outDir, publishDir, kernelDirs, options, reporter, pageOptions(i), compilers.for(w, files[i]!));
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  } finally {
    await compilers.close();
  }
  writeDurations(outDir, lessons);
  if (publishDir) writeReadingContents(publishDir);

  const indexHtml = path.join(outDir, "index.html");
  fs.writeFileSync(
    indexHtml,
    indexToHtml(
      lessons.map((l) => ({
        name: l.name,
        href: l.outputs.html ? path.basename(l.outputs.html) : "",
        status: l.status,
        cells: l.cells,
        seconds: l.seconds,
        checks: l.checks,
        info: l.info,
        ...(l.failures.length ? { message: failureMessage(l) } : {}),
      })),
    ),
  );
  return { lessons, indexHtml, exitCode: lessons.every((l) => l.status === "ok") ? 0 : 1 };
}

function failureMessage(l: LessonSummary): string {
  return l.failures.map((f) => (f.cell === null ? "" : `cell ${f.cell}${f.sourceLine ? ` (${f.sourceLine})` : ""}: `) + f.message).join("\n");
}

/** README.md of a folder of reading copies: the contents of every copy in it, this run's and earlier ones. */
function writeReadingContents(dir: string): void {
  if (!fs.existsSync(dir)) return; // no lesson passed, nothing was published
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();
  const contents = readingContents(files.map((f) => ({ file: f, notebook: readNotebook(path.join(dir, f)) })));
  const readme = path.join(dir, "README.md");
  // A README someone else wrote in that folder is theirs: leave it, and say so.
  if (fs.existsSync(readme) && fs.readFileSync(readme, "utf8").split("\n", 1)[0] !== contents.split("\n", 1)[0]) {
    process.stderr.write(`left ${readme} as it was (not one descent wrote); the reading copies' contents were not written\n`);
    return;
  }
  fs.writeFileSync(readme, contents);
}

/** The site's shared plotly.js, beside the pages. */
export const PLOTLY_FILE = "plotly.min.js";

/** Where a run records each lesson's seconds, for the next run's order. */
const DURATIONS_FILE = ".descent-run-times.json";

/**
 * The order to start lessons in: longest first (as the last run into the same
 * folder timed them, else by code cells), so that the jobs end together
 * rather than one running the longest lesson alone at the end.
 */
export function longestFirst(files: string[], names: string[], outDir: string): number[] {
  const known = readDurations(outDir);
  const cost = files.map((f, i) => {
    const s = known[names[i]!];
    if (typeof s === "number" && Number.isFinite(s)) return s;
    try {
      // A rough second per code cell, so that timed and untimed lessons compare.
      return readNotebook(f).cells.filter((c) => c.cell_type === "code").length * 0.25;
    } catch {
      return 0;
    }
  });
  // Stable: equal costs keep the files' order.
  return files.map((_, i) => i).sort((a, b) => cost[b]! - cost[a]! || a - b);
}

function readDurations(outDir: string): Record<string, number> {
  try {
    const known = JSON.parse(fs.readFileSync(path.join(outDir, DURATIONS_FILE), "utf8")) as unknown;
    return known && typeof known === "object" && !Array.isArray(known) ? known as Record<string, number> : {};
  } catch {
    return {}; // first run into this folder
  }
}

/** Record this run's seconds, keeping those of lessons it did not run (a run of one lesson keeps the pack's order). */
export function writeDurations(outDir: string, lessons: LessonRun[]): void {
  const times = { ...readDurations(outDir), ...Object.fromEntries(lessons.filter((l) => l.result).map((l) => [l.name, Math.round(l.seconds * 100) / 100])) };
  try {
    fs.writeFileSync(path.join(outDir, DURATIONS_FILE), JSON.stringify(times, null, 1) + "\n");
  } catch {
    // only an ordering hint
  }
}

/**
 * The run's compiler processes: `count` of them per notebook folder (a
 * compiler resolves imports from its folder, as a kernel from its notebook's),
 * started on first use; job `w` uses compiler `w % count` of its folder.
 */
class SharedCompilers {
  private readonly services = new Map<string, CompileService>();
  constructor(
    private readonly count: number,
    private readonly timeoutMs: number,
  ) {}

  for(w: number, file: string): CompileService | undefined {
    if (this.count === 0) return undefined;
    const cwd = path.dirname(file);
    const key = `${w % this.count}\0${cwd}`;
    let s = this.services.get(key);
    if (!s) {
      s = new CompileService({ sandbox: null, timeoutMs: Number.isFinite(this.timeoutMs) ? this.timeoutMs : 2 ** 31 - 1, cwd, name: "the run's shared type-checker" });
      this.services.set(key, s);
    }
    return s;
  }

  async close(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.shutdown()));
  }
}

async function runOne(file: string, name: string, outDir: string, publishDir: string | undefined, kernelDirs: string[], options: RunOptions, reporter: Reporter, page: PageOptions, compiler: CompileService | undefined): Promise<LessonRun> {
  const t0 = Date.now();
  let nb;
  try {
    nb = readNotebook(file);
  } catch (e) {
    const message = e instanceof NotebookFormatError ? e.message : `${file}: ${(e as Error).message}`;
    const run: LessonRun = { name, file, status: "failed", cells: 0, seconds: 0, checks: { passed: 0, failed: 0 }, failures: [{ cell: null, sourceLine: null, message }], outputs: {}, result: null, info: page.info! };
    reporter.lessonEnd(run);
    return run;
  }
  const codeCells = nb.cells.filter((c) => c.cell_type === "code").length;
  reporter.lessonStart(name, codeCells);
  // Only descent's kernel takes cells compiled; any other compiles its own.
  const shared = compiler && !options.execute?.kernelSpec && (options.execute?.kernelName ?? nb.metadata.kernelspec?.name ?? "descent") === "descent" ? compiler : undefined;
  const result = await executeNotebook(nb, {
    ...options.execute,
    ...(shared ? { env: { ...options.execute?.env, [PRECOMPILED_ENV]: "1" }, requestExtra: precompiledCells(shared, file, undefined, nb.cells.filter((c) => c.cell_type === "code").map((c) => joinText(c.source))) } : {}),
    file,
    kernelDirs,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    onCell: (e) => {
      if (e.phase === "start") reporter.cellStart(name, e.position + 1, e.total);
    },
  });
  shared?.endSession(file);
  const seconds = (Date.now() - t0) / 1000;
  const summary: LessonSummary = {
    name,
    status: result.status,
    cells: result.cells.filter((c) => c.status !== "skipped").length,
    seconds,
    checks: result.checks,
    failures: result.failures.map((f) => ({ cell: f.index === null ? null : f.index + 1, sourceLine: f.sourceLine, message: f.message })),
  };
  const nbOut = path.join(outDir, `${name}.ipynb`);
  const htmlOut = path.join(outDir, `${name}.html`);
  writeNotebook(nbOut, result.notebook);
  fs.writeFileSync(
    htmlOut,
    notebookToHtml(result.notebook, name, {
      status: summary.status,
      checks: summary.checks,
      seconds,
      cells: summary.cells,
      ...(summary.failures.length ? { message: failureMessage(summary) } : {}),
    }, page),
  );
  let copyOut: string | undefined;
  if (publishDir && result.status === "ok") {
    copyOut = path.join(publishDir, `${name}.ipynb`);
    let previous: Notebook | undefined;
    try {
      previous = readNotebook(copyOut);
    } catch {
      previous = undefined; // the first copy, or one not worth keeping anything of
    }
    writeNotebook(copyOut, keepTimings(await readingCopy(result.notebook, file), previous));
  }
  reporter.lessonEnd(summary);
  return { ...summary, file, outputs: { notebook: nbOut, html: htmlOut, ...(copyOut ? { readingCopy: copyOut } : {}) }, result, info: page.info! };
}
