// `descent run [paths…] [--out DIR] [--publish DIR] [--timeout SECONDS] [--jobs N]`:
// execute lessons headlessly in their kernel, verify their checks, write executed
// notebooks and HTML pages (and reading copies with --publish). Exit code 0 only
// when every lesson passed.
import os from "node:os";
import { runNotebooks, createReporter, summaryTable } from "../jupyter";
import { count, helpText, parseCommand, seconds, type CommandSpec } from "./args";
import { onTermination } from "./signals";

export const SPEC: CommandSpec = {
  name: "run",
  positionals: "[paths…] [--out DIR] [--publish DIR] [--timeout SECONDS] [--jobs N] [--compilers N]",
  summary: "Execute lessons headlessly in their kernel, verify their check cells, and write executed notebooks, HTML pages and index.html.",
  positionalHelp: [["paths", "notebooks or folders of them (default: lessons/)"]],
  options: {
    out: { type: "string", value: "DIR", help: "where executed notebooks, HTML pages and index.html go (default: out/)" },
    publish: { type: "string", value: "DIR", help: "also write a reading copy of each lesson that passed (its outputs as text and static pictures, for GitHub and file viewers) and a README.md of contents into DIR; the project's own: docs/lessons" },
    timeout: { type: "string", value: "SECONDS", help: "per-cell timeout in seconds (default: 300)" },
    jobs: { type: "string", value: "N", help: `notebooks run at once, one kernel each (default: ${os.cpus().length}, the number of cores)` },
    compilers: { type: "string", value: "N", help: "type-checker processes shared by the kernels (default: 1); 0: each kernel type-checks its own cells" },
  },
};

interface Args {
  paths: string[];
  out: string;
  publish?: string;
  timeoutMs?: number;
  jobs?: number;
  compilers?: number;
}

/** Parse the arguments; throws a UsageError naming the bad one. */
export function parseArgs(args: string[]): Args | "help" {
  const parsed = parseCommand(SPEC, args);
  if (parsed === "help") return "help";
  const { values, positionals } = parsed;
  const timeoutMs = seconds("timeout", values.timeout as string | undefined);
  const jobs = count("jobs", values.jobs as string | undefined);
  const compilers = count("compilers", values.compilers as string | undefined, 0);
  return {
    paths: positionals.length ? positionals : ["lessons"],
    out: (values.out as string | undefined) ?? "out",
    ...(values.publish !== undefined ? { publish: values.publish as string } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(compilers !== undefined ? { compilers } : {}),
  };
}

/** Entry point of `descent run`; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  let parsed: Args | "help";
  try {
    parsed = parseArgs(args);
  } catch (e) {
    console.error(`descent run: ${(e as Error).message}\n\n${helpText(SPEC)}`);
    return 2;
  }
  if (parsed === "help") {
    console.log(helpText(SPEC));
    return 0;
  }
  // Ctrl-C, a CI timeout or a closed terminal must not leave kernels behind.
  const done = onTermination("run");
  try {
    const started = Date.now();
    let total = 0;
    let reporter: ReturnType<typeof createReporter> | undefined;
    const result = await runNotebooks(parsed.paths, {
      outDir: parsed.out,
      ...(parsed.publish !== undefined ? { publishDir: parsed.publish } : {}),
      ...(parsed.timeoutMs !== undefined ? { timeoutMs: parsed.timeoutMs } : {}),
      ...(parsed.jobs !== undefined ? { jobs: parsed.jobs } : {}),
      ...(parsed.compilers !== undefined ? { compilers: parsed.compilers } : {}),
      reporter: {
        // The reporter needs the lesson count, known only once runNotebooks has collected them.
        lessonStart(name, cells) {
          reporter ??= createReporter(process.stderr, total || 1);
          reporter.lessonStart(name, cells);
        },
        cellStart(name, p, t) {
          reporter?.cellStart(name, p, t);
        },
        lessonEnd(s) {
          reporter ??= createReporter(process.stderr, total || 1);
          reporter.lessonEnd(s);
        },
        close() {
          reporter?.close();
        },
      },
      onCollected: (n: number) => (total = n),
    });
    reporter?.close();
    console.log(summaryTable(result.lessons));
    // The load average beside the time: a run's seconds mean little on a busy machine.
    const load = os.loadavg()[0]!;
    console.log(`\nwrote ${result.indexHtml} (${((Date.now() - started) / 1000).toFixed(1)} s, load average ${load.toFixed(2)})`);
    return result.exitCode;
  } catch (e) {
    console.error(`descent run: ${(e as Error).message}`);
    return 2;
  } finally {
    done();
  }
}
