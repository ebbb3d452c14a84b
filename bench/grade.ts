// How fast `descent grade` is: N copies of a correct submission of the graded
// fixture, graded J at a time, in one run three ways, side by side:
//   before     the grader before the sandbox: descent's plain kernel in the source's folder, tests unsealed
//   lockdown   the grading kernel (lockdown harness, sealed tests) without the sandbox (--no-sandbox)
//   sandbox    the same inside bubblewrap with rlimits (the default)
// reported as submissions graded per minute and as time relative to `before`.
// Run: npx tsx bench/grade.ts [N] [--jobs J] [--only sandbox]   (needs `npm run build` first)
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
import { filled, SOURCE } from "../test/grading/helpers";

type Mode = "before" | "lockdown" | "sandbox";

/** The grader before the sandbox, reduced to what costs time: merge, run in the plain kernel, score. */
async function gradeBefore(files: string[], jobs: number): Promise<number> {
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

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const jobs = Number(flag("--jobs") ?? defaultGradeJobs());
  const n = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith("--")) ?? 8);
  const only = flag("--only") as Mode | undefined;
  const modes: Mode[] = only ? [only] : ["before", "lockdown", "sandbox"];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-bench-grade-"));
  const nb = filled();
  const subs = path.join(dir, "submissions");
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = path.join(subs, `student${String(i).padStart(3, "0")}.ipynb`);
    writeNotebook(f, nb);
    files.push(f);
  }
  console.log(`grading ${n} correct submissions of ${path.basename(SOURCE)}, ${jobs} at a time, on ${os.cpus().length} cores (load ${os.loadavg()[0]!.toFixed(1)})`);
  const secs: Partial<Record<Mode, number>> = {};
  for (const mode of modes) {
    const t0 = Date.now();
    let full: number;
    if (mode === "before") full = await gradeBefore(files, jobs);
    else {
      const run = await gradeSubmissions([subs], { source: [SOURCE], outDir: path.join(dir, `out-${mode}`), jobs, ...(mode === "lockdown" ? { sandbox: null } : {}) });
      full = run.grades.filter((g) => g.score === g.maxScore).length;
    }
    const s = (Date.now() - t0) / 1000;
    secs[mode] = s;
    const ratio = secs.before ? ` (${(s / secs.before).toFixed(2)}x before)` : "";
    console.log(`${mode.padEnd(9)} ${s.toFixed(1).padStart(6)} s  ${(n / (s / 60)).toFixed(1).padStart(5)} submissions/min  ${full}/${n} full marks${ratio}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
