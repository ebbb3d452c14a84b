// How fast `descent run` is: the kernel's cold start (process start to a
// kernel_info reply with iopub live), the per-cell overhead (a trivial cell's
// round trip in a warm kernel), and the whole pack's run time (lessons/ with
// the default parallelism; the fixtures when there are no lessons yet),
// seconds per lesson, wall and CPU time (this process and its children:
// kernels, the shared type-checker) beside issue 17's 60 s target and the
// load average; once with the shared compiler (the default) and once with
// each kernel compiling its own cells (`--compilers 0`, the old path).
// Run: npx tsx bench/runner.ts [--only-shared] [paths…]   (needs `npm run build` first)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KernelClient } from "../src/jupyter/client";
import { findKernelSpec } from "../src/jupyter/kernelspec";
import { launchKernel } from "../src/jupyter/launch";
import { collectNotebooks, repoKernelDir, runNotebooks } from "../src/jupyter/runner";
import { summaryTable } from "../src/jupyter/run-report";

const REPO = path.resolve(__dirname, "..");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

async function main() {
  const kernelDir = repoKernelDir();
  if (!kernelDir || !fs.existsSync(path.join(REPO, "dist", "kernel", "main.js"))) throw new Error("build first: npm run build");
  const spec = findKernelSpec("descent", [kernelDir]);

  // Cold start, several times: each is a new process that loads TypeScript.
  const starts: number[] = [];
  let cellTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const kernel = await launchKernel(spec, { cwd: REPO });
    const client = new KernelClient(kernel.connection);
    client.connect();
    await client.waitForReady(60_000, kernel.exited);
    starts.push(performance.now() - t0);
    if (i === 0) {
      // Per-cell overhead: a cell that does nothing, after a warm-up.
      for (let w = 0; w < 5; w++) await client.execute("0;").done;
      cellTimes = [];
      for (let n = 0; n < 40; n++) {
        const t = performance.now();
        const r = await client.execute(`const x${n} = ${n};`).done;
        if (r.status !== "ok") throw new Error(`trivial cell failed: ${JSON.stringify(r.outputs)}`);
        cellTimes.push(performance.now() - t);
      }
    }
    client.close();
    await kernel.kill();
  }

  const onlyShared = process.argv.includes("--only-shared");
  const args = process.argv.slice(2).filter((a) => a !== "--only-shared");
  const lessonsDir = path.join(REPO, "lessons");
  const paths = args.length ? args : collectNotebooksSafe(lessonsDir).length ? [lessonsDir] : [path.join(REPO, "test", "fixtures", "notebooks", "passing.ipynb")];

  const modes = onlyShared ? [1] : [1, 0];
  const packs: Pack[] = [];
  for (const compilers of modes) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "descent-bench-"));
    const load0 = os.loadavg()[0]!;
    const cpu0 = cpuSeconds();
    const t0 = performance.now();
    const run = await runNotebooks(paths, { outDir: out, compilers });
    packs.push({ compilers, run, wallS: (performance.now() - t0) / 1000, cpuS: cpuSeconds() - cpu0, load: [load0, os.loadavg()[0]!] });
    fs.rmSync(out, { recursive: true, force: true });
  }

  console.log(summaryTable(packs[0]!.run.lessons));
  if (packs.length > 1) {
    console.log("\nseconds per lesson, shared compiler vs each kernel its own:");
    const old = new Map(packs[1]!.run.lessons.map((l) => [l.name, l.seconds]));
    for (const l of packs[0]!.run.lessons) console.log(`  ${l.name.padEnd(40)} ${l.seconds.toFixed(1).padStart(6)}  ${(old.get(l.name) ?? NaN).toFixed(1).padStart(6)}`);
  }
  console.log("");
  console.log(`machine: ${os.cpus().length} cores, node ${process.version}`);
  console.log(`kernel cold start (median of ${starts.length}):  ${fmt(median(starts))}   [${starts.map(fmt).join(", ")}]`);
  console.log(`per-cell overhead (median of ${cellTimes.length}):  ${fmt(median(cellTimes))}   (min ${fmt(Math.min(...cellTimes))}, max ${fmt(Math.max(...cellTimes))})`);
  const jobs = Math.min(os.cpus().length, packs[0]!.run.lessons.length);
  console.log(`whole pack (${paths.join(", ")}): ${packs[0]!.run.lessons.length} notebooks, ${packs[0]!.run.lessons.reduce((a, l) => a + l.cells, 0)} cells, ${jobs} kernels at once; target ≤ ${TARGET_S} s on 2 cores`);
  for (const p of packs) {
    const sum = p.run.lessons.reduce((a, l) => a + l.seconds, 0);
    const verdict = p.wallS <= TARGET_S ? "within" : "over";
    console.log(
      `  ${p.compilers ? "shared compiler " : "own compilers   "}  wall ${p.wallS.toFixed(1)} s (${verdict} ${TARGET_S} s)   CPU ${p.cpuS.toFixed(1)} s   lessons' seconds summed ${sum.toFixed(1)}   load ${p.load[0].toFixed(2)} → ${p.load[1].toFixed(2)}   ${p.run.exitCode === 0 ? "all passed" : "FAILURES"}`,
    );
  }
}

/** Issue 17: the pack of 20 lessons runs headlessly in at most this many seconds on 2 cores. */
const TARGET_S = 60;

interface Pack {
  compilers: number;
  run: Awaited<ReturnType<typeof runNotebooks>>;
  wallS: number;
  cpuS: number;
  load: [number, number];
}

/**
 * CPU seconds (user + system) of this process and of its children that have
 * exited (kernels, the type-checker), from /proc/self/stat; this process's
 * alone elsewhere than Linux.
 */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may hold spaces, so split after its closing paren): cutime, cstime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    children = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    // not Linux
  }
  return (own.user + own.system) / 1e6 + children;
}

function collectNotebooksSafe(dir: string): string[] {
  try {
    return collectNotebooks([dir]);
  } catch {
    return [];
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
