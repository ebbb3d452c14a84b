// `descent run [paths…] [--out DIR] [--timeout SECONDS] [--jobs N]`: execute
// lessons headlessly in their kernel, verify their checks, write executed
// notebooks and HTML pages. Exit code 0 only when every lesson passed.
import os from "node:os";
import { runNotebooks, createReporter, summaryTable, killAllKernels } from "../index";

const USAGE = `usage: descent run [paths…] [--out DIR] [--timeout SECONDS] [--jobs N]

  paths        notebooks or folders of them (default: lessons/)
  --out DIR    where executed notebooks, HTML pages and index.html go (default: out/)
  --timeout S  per-cell timeout in seconds (default: 300)
  --jobs N     notebooks run at once, one kernel each (default: ${os.cpus().length}, the number of cores)`;

interface Args {
  paths: string[];
  out: string;
  timeoutMs?: number;
  jobs?: number;
}

/** Parse the arguments; throws an Error naming the bad one. */
export function parseArgs(args: string[]): Args | "help" {
  const parsed: Args = { paths: [], out: "out" };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value`);
      return v;
    };
    const positive = (v: string, what: string) => {
      const n = Number(v);
      if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${flag} ${v}: ${what} must be a positive number`);
      return n;
    };
    switch (flag) {
      case "-h":
      case "--help":
        return "help";
      case "--out":
        parsed.out = value();
        break;
      case "--timeout":
        parsed.timeoutMs = positive(value(), "the timeout in seconds") * 1000;
        break;
      case "--jobs": {
        const n = positive(value(), "the number of jobs");
        if (!Number.isInteger(n)) throw new Error(`--jobs ${n}: must be a whole number`);
        parsed.jobs = n;
        break;
      }
      default:
        if (a.startsWith("-")) throw new Error(`unknown option ${a}\n\n${USAGE}`);
        parsed.paths.push(a);
    }
  }
  if (parsed.paths.length === 0) parsed.paths.push("lessons");
  return parsed;
}

/** Entry point of `descent run`; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  let parsed: Args | "help";
  try {
    parsed = parseArgs(args);
  } catch (e) {
    console.error(`descent run: ${(e as Error).message}`);
    return 2;
  }
  if (parsed === "help") {
    console.log(USAGE);
    return 0;
  }
  // Ctrl-C or a CI timeout must not leave kernels behind.
  const onSignal = (sig: NodeJS.Signals) => {
    killAllKernels();
    process.stderr.write(`\ndescent run: stopped by ${sig}; kernels killed\n`);
    process.exit(sig === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const started = Date.now();
    let total = 0;
    let reporter: ReturnType<typeof createReporter> | undefined;
    const result = await runNotebooks(parsed.paths, {
      outDir: parsed.out,
      ...(parsed.timeoutMs !== undefined ? { timeoutMs: parsed.timeoutMs } : {}),
      ...(parsed.jobs !== undefined ? { jobs: parsed.jobs } : {}),
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
    console.log(`\nwrote ${result.indexHtml} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return result.exitCode;
  } catch (e) {
    console.error(`descent run: ${(e as Error).message}`);
    return 2;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
