// `descent grade SUBMISSIONS… --source SRC… [--out DIR] [--timeout S] [--jobs N] [--force]`:
// grade submissions against their sources; writes gradebook.csv/json and a
// feedback page per student. Rerunning skips what is already graded.
import { gradeSubmissions, killAllKernels, defaultGradeJobs, DEFAULT_GRADE_TIMEOUT_MS } from "../index";

const USAGE = `usage: descent grade SUBMISSIONS… --source SRC… [--out DIR] [--timeout SECONDS] [--jobs N] [--force]

  SUBMISSIONS  submitted/<student>/<assignment>/<notebook>.ipynb trees, or folders of <student>.ipynb (one source)
  --source S   the source notebook(s) with solutions and hidden tests (repeatable, or a folder)
  --out DIR    gradebook.csv, gradebook.json, results/ and feedback/ go here (default: gradebook/)
  --timeout S  per-cell timeout in seconds (default: ${DEFAULT_GRADE_TIMEOUT_MS / 1000})
  --jobs N     submissions graded at once, one kernel each (default: ${defaultGradeJobs()}, twice the cores within free memory)
  --force      regrade submissions already graded`;

/** Entry point of `descent grade`; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  const paths: string[] = [];
  const source: string[] = [];
  let out = "gradebook";
  let timeoutMs: number | undefined;
  let jobs: number | undefined;
  let force = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      switch (a) {
        case "-h":
        case "--help":
          console.log(USAGE);
          return 0;
        case "--source":
          source.push(value());
          break;
        case "--out":
          out = value();
          break;
        case "--timeout": {
          const n = Number(value());
          if (!(n > 0)) throw new Error("--timeout needs a positive number of seconds");
          timeoutMs = n * 1000;
          break;
        }
        case "--jobs": {
          const n = Number(value());
          if (!(n >= 1) || !Number.isInteger(n)) throw new Error("--jobs needs a whole number ≥ 1");
          jobs = n;
          break;
        }
        case "--force":
          force = true;
          break;
        default:
          if (a.startsWith("-")) throw new Error(`unknown option ${a}\n\n${USAGE}`);
          paths.push(a);
      }
    } catch (e) {
      console.error(`descent grade: ${(e as Error).message}`);
      return 2;
    }
  }
  if (paths.length === 0 || source.length === 0) {
    console.error(`descent grade: name the submissions and --source\n\n${USAGE}`);
    return 2;
  }
  // An interrupted run keeps every result already written; kill the kernels.
  process.once("SIGINT", () => {
    killAllKernels();
    process.stderr.write("\ndescent grade: interrupted; results graded so far are kept, rerun to resume\n");
    process.exit(130);
  });
  try {
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
  } catch (e) {
    console.error(`descent grade: ${(e as Error).message}`);
    return 1;
  }
}
