// How fast `descent grade` is: N copies of a correct submission of the graded
// fixture, graded in parallel (default: the grader's, twice the cores), reported as
// submissions graded per minute.
// Run: npx tsx bench/grade.ts [N] [--jobs J]   (needs `npm run build` first)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeNotebook } from "../src/jupyter/nbformat";
import { defaultGradeJobs, gradeSubmissions } from "../src/grading/grade";
import { filled, SOURCE } from "../test/grading/helpers";

async function main() {
  const args = process.argv.slice(2);
  const j = args.indexOf("--jobs");
  const jobs = j >= 0 ? Number(args[j + 1]) : defaultGradeJobs();
  const n = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== "--jobs") ?? 8);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-bench-grade-"));
  const nb = filled();
  for (let i = 0; i < n; i++) writeNotebook(path.join(dir, "submissions", `student${String(i).padStart(3, "0")}.ipynb`), nb);
  const t0 = Date.now();
  const run = await gradeSubmissions([path.join(dir, "submissions")], { source: [SOURCE], outDir: path.join(dir, "out"), jobs });
  const secs = (Date.now() - t0) / 1000;
  const full = run.grades.filter((g) => g.score === g.maxScore).length;
  console.log(`graded ${run.graded} submissions (${full} with full marks) with ${jobs} jobs on ${os.cpus().length} cores in ${secs.toFixed(1)} s`);
  console.log(`${(run.graded / (secs / 60)).toFixed(1)} submissions graded per minute`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
