// How fast `descent grade` is: N copies of a correct submission of the graded
// fixture, graded J at a time, in one run three ways, side by side:
//   before     the grader before the sandbox: descent's plain kernel in the source's folder, tests unsealed
//   lockdown   the grading kernel (lockdown harness, sealed tests) without the sandbox (--no-sandbox)
//   sandbox    the same inside bubblewrap with rlimits, each kernel compiling its own cells
//   shared     the sandbox with the grader's one compiler for the run (compile-service.ts; the default)
// reported as submissions graded per minute and as time relative to `before`,
// with the CPU time the run took (grader and every process it started).
// Run: npx tsx bench/grade.ts [N] [--jobs J] [--only shared] [--source lessons/13-adam.ipynb]   (needs `npm run build` first)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeNotebook } from "../src/jupyter/nbformat";
import { repoKernelDir } from "../src/jupyter/runner";
import { defaultGradeJobs, gradeSubmissions } from "../src/grading/grade";
import { prepareSubmission } from "../src/grading/prepare";
import { releaseNotebook } from "../src/grading/release";
import { executeResilient } from "../src/grading/resilient";
import { isTestCell } from "../src/grading/metadata";
import { readNotebook } from "../src/jupyter/nbformat";
import { filled, SOURCE as FIXTURE } from "../test/grading/helpers";
import { joinText } from "../src/jupyter/nbformat";
import { gradeIdOf, isSolution } from "../src/grading/metadata";
import { solutionText } from "../src/grading/markers";
import type { Notebook } from "../src/jupyter/nbformat";

type Mode = "before" | "lockdown" | "sandbox" | "shared";

/**
 * CPU seconds used by this process and every process under it (sh, bwrap, the kernels, the compiler),
 * sampled from /proc every 200 ms while a mode runs: killed kernels are not waited for by anyone who
 * would count them, so the children's totals of stat(5) miss them. A process's last < 200 ms are missed.
 */
class CpuMeter {
  private readonly seen = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly self0 = process.cpuUsage();
  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
  }
  private sample(): void {
    const parent = new Map<number, number>();
    const cpu = new Map<number, number>();
    for (const name of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        parent.set(Number(name), Number(f[1]));
        cpu.set(Number(name), (Number(f[11]) + Number(f[12])) / 100); // utime + stime, clock ticks
      } catch {
        // gone
      }
    }
    for (const [p, c] of cpu) {
      for (let q = parent.get(p); q !== undefined && q > 1; q = parent.get(q)) {
        if (q === process.pid) {
          this.seen.set(p, c);
          break;
        }
      }
    }
  }
  /** Stop sampling; CPU seconds of this process and its descendants since the meter was made. */
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    const self = process.cpuUsage(this.self0);
    return (self.user + self.system) / 1e6 + [...this.seen.values()].reduce((a, b) => a + b, 0);
  }
}

/** The grader before the sandbox, reduced to what costs time: merge, run in the plain kernel, score. */
async function gradeBefore(SOURCE: string, files: string[], jobs: number): Promise<number> {
  const src = readNotebook(SOURCE);
  const rel = releaseNotebook(src, SOURCE);
  let next = 0;
  let full = 0;
  const worker = async () => {
    while (next < files.length) {
      const { notebook } = prepareSubmission(src, rel, readNotebook(files[next++]!));
      const r = await executeResilient(notebook, { cwd: path.dirname(SOURCE), kernelDirs: [repoKernelDir()!], timeoutMs: 60_000, interruptGraceMs: 1_000, replay: (c) => !isTestCell(c) });
      if (notebook.cells.every((c, i) => !isTestCell(c) || r.cells.get(i)?.status === "ok")) full++;
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return full;
}

/** A lesson's release with every solution cell filled in with the lesson's own solution. */
function solved(file: string): Notebook {
  const src = readNotebook(file);
  const rel = releaseNotebook(src, file);
  for (const [i, cell] of rel.cells.entries()) {
    if (!isSolution(cell) || cell.cell_type !== "code") continue;
    const orig = src.cells.find((c) => gradeIdOf(c) === gradeIdOf(cell))!;
    rel.cells[i] = { ...cell, source: solutionText(joinText(orig.source)) };
  }
  return rel;
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const jobs = Number(flag("--jobs") ?? defaultGradeJobs());
  const n = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith("--")) ?? 8);
  const only = flag("--only") as Mode | undefined;
  const modes: Mode[] = only ? (only.split(",") as Mode[]) : ["before", "lockdown", "sandbox", "shared"];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-bench-grade-"));
  const SOURCE = path.resolve(flag("--source") ?? FIXTURE);
  const nb = SOURCE === FIXTURE ? filled() : solved(SOURCE);
  const subs = path.join(dir, "submissions");
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const student = `student${String(i).padStart(3, "0")}`;
    const f = path.join(subs, `${student}.ipynb`);
    // Each student's solutions are their own text (as in a class: the grader cannot reuse one
    // student's type-check for another's cell), with the released signatures.
    const own = structuredClone(nb);
    for (const cell of own.cells) if (isSolution(cell) && cell.cell_type === "code") cell.source = `${joinText(cell.source)}\n// ${student}`;
    writeNotebook(f, own);
    files.push(f);
  }
  console.log(`grading ${n} correct submissions of ${path.basename(SOURCE)}, ${jobs} at a time, on ${os.cpus().length} cores (load ${os.loadavg()[0]!.toFixed(1)})`);
  const secs: Partial<Record<Mode, number>> = {};
  for (const mode of modes) {
    const t0 = Date.now();
    const meter = new CpuMeter();
    let full: number;
    if (mode === "before") full = await gradeBefore(SOURCE, files, jobs);
    else {
      const run = await gradeSubmissions([subs], { source: [SOURCE], outDir: path.join(dir, `out-${mode}`), jobs, sharedCompiler: mode === "shared", ...(mode === "lockdown" ? { sandbox: null } : {}) });
      full = run.grades.filter((g) => g.score === g.maxScore).length;
    }
    const s = (Date.now() - t0) / 1000;
    const cpu = meter.stop();
    secs[mode] = s;
    const ratio = secs.before ? ` (${(s / secs.before).toFixed(2)}x before)` : "";
    console.log(`${mode.padEnd(9)} ${s.toFixed(1).padStart(6)} s  ${(n / (s / 60)).toFixed(1).padStart(5)} submissions/min  ${(cpu / n).toFixed(2).padStart(5)} CPU s/submission  ${full}/${n} full marks${ratio}  (load ${os.loadavg()[0]!.toFixed(1)})`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
