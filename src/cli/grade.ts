// `descent grade SUBMISSIONS… --source SRC… [--out DIR] [--timeout S] [--jobs N] [--force]
// [--shard K/N] [--memory MB] [--cpu S] [--disk MB] [--data PATH]… [--no-sandbox]`:
// grade submissions against their sources, each in a sandbox; writes
// gradebook.csv/json and a feedback page per student. Rerunning skips what is
// already graded.
import { gradeSubmissions, defaultGradeJobs, parseShard, DEFAULT_GRADE_TIMEOUT_MS, DEFAULT_LIMITS } from "../grading";
import { count, runCommand, seconds, UsageError, type CommandSpec } from "./args";
import { onTermination } from "./signals";

const SPEC: CommandSpec = {
  name: "grade",
  positionals: "SUBMISSIONS… --source SRC… [--out DIR] [--timeout SECONDS] [--jobs N] [--force] [--shard K/N] [limits] [--no-sandbox]",
  summary: "Grade submissions against their sources, each in a sandbox (bubblewrap; refused without it unless --no-sandbox); write gradebook.csv/json and a feedback page per student. A rerun skips what is already graded.",
  positionalHelp: [["SUBMISSIONS", "submitted/<student>/<assignment>/<notebook>.ipynb trees, or folders of <student>.ipynb (one source)"]],
  options: {
    source: { type: "string", multiple: true, value: "SRC", help: "the source notebook(s) with solutions and hidden tests, or a folder" },
    out: { type: "string", value: "DIR", help: "gradebook.csv, gradebook.json, results/ and feedback/ go here (default: gradebook/)" },
    timeout: { type: "string", value: "SECONDS", help: `per-cell timeout in seconds (default: ${DEFAULT_GRADE_TIMEOUT_MS / 1000})` },
    jobs: { type: "string", value: "N", help: `submissions graded at once, one kernel each (default: ${defaultGradeJobs()}, twice the cores within free memory)` },
    force: { type: "boolean", help: "regrade submissions already graded" },
    shard: { type: "string", value: "K/N", help: "grade only share K of N (by a hash of each submission); merge the shards' --out folders with `descent gradebook merge`" },
    memory: { type: "string", value: "MB", help: `memory per kernel in the sandbox (default: ${DEFAULT_LIMITS.memoryMb})` },
    cpu: { type: "string", value: "SECONDS", help: `CPU time per kernel in the sandbox (default: ${DEFAULT_LIMITS.cpuSeconds})` },
    disk: { type: "string", value: "MB", help: `size of the kernel's working folder and of its /tmp (default: ${DEFAULT_LIMITS.diskMb} each)` },
    data: { type: "string", multiple: true, value: "PATH", help: "a file or folder the notebooks read, mounted read-only as ./<name>" },
    "no-sandbox": { type: "boolean", help: "grade without the sandbox, with your own permissions (for code you trust; every feedback page says so)" },
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
    const shard = values.shard !== undefined ? parseShard(values.shard as string) : undefined;
    const limit = (flag: "memory" | "cpu" | "disk") => count(flag, values[flag] as string | undefined);
    const [memoryMb, cpuSeconds, diskMb] = [limit("memory"), limit("cpu"), limit("disk")];
    if (values["no-sandbox"] && (memoryMb || cpuSeconds || diskMb)) throw new UsageError("--memory, --cpu and --disk are the sandbox's limits; they do nothing with --no-sandbox");
    const sandbox = values["no-sandbox"] ? null : { ...DEFAULT_LIMITS, ...(memoryMb ? { memoryMb } : {}), ...(cpuSeconds ? { cpuSeconds } : {}), ...(diskMb ? { diskMb } : {}) };
    if (!sandbox) console.error("descent grade: --no-sandbox: student code runs with your permissions; every feedback page says so");
    else console.error(`descent grade: each submission in a sandbox (bubblewrap) with ${sandbox.memoryMb} MB, ${sandbox.cpuSeconds} s of CPU and ${sandbox.diskMb} MB of disk per kernel`);
    // An interrupted run keeps every result already written.
    const done = onTermination("grade", "results graded so far are kept, rerun to resume");
    try {
      const run = await gradeSubmissions(paths, {
        source,
        outDir: out,
        force,
        sandbox,
        ...(shard ? { shard } : {}),
        ...(values.data ? { data: values.data as string[] } : {}),
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
    } finally {
      done();
    }
  });
}
