// `descent grade SUBMISSIONS… --source SRC… [--out DIR] [--timeout S] [--jobs N] [--force]`:
// grade submissions against their sources; writes gradebook.csv/json and a
// feedback page per student. Rerunning skips what is already graded.
import { killAllKernels } from "../jupyter";
import { gradeSubmissions, defaultGradeJobs, DEFAULT_GRADE_TIMEOUT_MS } from "../grading";
import { count, runCommand, seconds, UsageError, type CommandSpec } from "./args";

const SPEC: CommandSpec = {
  name: "grade",
  positionals: "SUBMISSIONS… --source SRC… [--out DIR] [--timeout SECONDS] [--jobs N] [--force]",
  summary: "Grade submissions against their sources; write gradebook.csv/json and a feedback page per student. A rerun skips what is already graded.",
  positionalHelp: [["SUBMISSIONS", "submitted/<student>/<assignment>/<notebook>.ipynb trees, or folders of <student>.ipynb (one source)"]],
  options: {
    source: { type: "string", multiple: true, value: "SRC", help: "the source notebook(s) with solutions and hidden tests, or a folder" },
    out: { type: "string", value: "DIR", help: "gradebook.csv, gradebook.json, results/ and feedback/ go here (default: gradebook/)" },
    timeout: { type: "string", value: "SECONDS", help: `per-cell timeout in seconds (default: ${DEFAULT_GRADE_TIMEOUT_MS / 1000})` },
    jobs: { type: "string", value: "N", help: `submissions graded at once, one kernel each (default: ${defaultGradeJobs()}, twice the cores within free memory)` },
    force: { type: "boolean", help: "regrade submissions already graded" },
  },
};

/** Entry point of `descent grade`; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  return runCommand(SPEC, args, async (values, paths) => {
    const source = (values.source as string[] | undefined) ?? [];
    if (paths.length === 0 || source.length === 0) throw new UsageError("name the submissions and --source");
    const timeoutMs = seconds("timeout", values.timeout as string | undefined);
    const jobs = count("jobs", values.jobs as string | undefined);
    const out = (values.out as string | undefined) ?? "gradebook";
    const force = values.force === true;
    // An interrupted run keeps every result already written; kill the kernels.
    process.once("SIGINT", () => {
      killAllKernels();
      process.stderr.write("\ndescent grade: interrupted; results graded so far are kept, rerun to resume\n");
      process.exit(130);
    });
    const run = await gradeSubmissions(paths, {
      source,
      outDir: out,
      force,
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(jobs ? { jobs } : {}),
      onGraded: (g, skipped) => {
        const flags = g.tampering.length ? `  ! ${g.tampering.length} changed cell(s): ${g.tampering.map((t) => `${t.gradeId} ${t.kind}`).join(", ")}` : "";
        console.log(`${skipped ? "skipped (already graded)" : "graded"} ${g.student}/${g.notebook}: ${g.score}/${g.maxScore}${flags}`);
      },
    });
    const perMin = run.graded > 0 ? (run.graded / (run.durationMs / 60_000)).toFixed(1) : "–";
    console.log(`\n${run.graded} graded, ${run.skipped} skipped in ${(run.durationMs / 1000).toFixed(1)} s (${perMin} submissions/min)`);
    console.log(`gradebook: ${run.gradebook.csv}, ${run.gradebook.json}`);
    return 0;
  });
}
