// How the kernel feels to a learner, measured over the Jupyter protocol:
// cold start (spawn → first reply; spawn → first cell's result), the first
// `import "descent"`, the per-cell overhead of a trivial cell in a warm kernel,
// and the resident memory of a 300-cell session that makes and drops matrices
// and plots. With `--baseline DIR` (a copy of an older build: DIR/dist,
// DIR/kernel, DIR/package.json and DIR/node_modules with `descent` → DIR) the
// same figures are taken for it in the same run, interleaved, side by side.
//
// Run: npx tsx bench/kernel.ts [--baseline DIR] [--starts N] [--cells N]
//      (needs `npm run build`; heavy: run it under flock /tmp/descent-heavy.lock)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { KernelClient, KERNEL_DIR, REPO } from "../test/helpers/kernel-client";

interface Variant {
  name: string;
  kernelDir: string;
  cwd: string;
}

interface Figures {
  firstReply: number[];
  firstIdle: number[];
  firstResult: number[];
  firstImport: number[];
  perCell: number[];
  /** Kernel process CPU time (all threads) per trivial cell, ms: less sensitive to machine load than wall time. */
  cpuPerCell: number;
  rss: { cells: number; mb: number; afterGcMb: number }[];
  /** A 20M-iteration loop over a top-level variable, and the same loop inside a function (ms, as the cell measures it). */
  loopTop: number;
  loopFn: number;
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);
const ms = (x: number) => (Number.isFinite(x) ? (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`) : "—");

/** User + system CPU time of a process (all its threads) in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat, counted after "pid (comm)" from 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/** Resident set size of a process in MB (Linux /proc). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function ok(k: KernelClient, code: string): Promise<number> {
  const t = performance.now();
  const { reply } = await k.execute(code, {}, 120_000);
  if (reply.content.status !== "ok") throw new Error(`cell failed: ${code}\n${JSON.stringify(reply.content)}`);
  return performance.now() - t;
}

/** One cold start: spawn → first reply, → first result, then the first `import "descent"`. */
async function coldStart(v: Variant, f: Figures): Promise<void> {
  const k = await KernelClient.start({ cwd: v.cwd, kernelDir: v.kernelDir });
  try {
    f.firstReply.push(k.firstReplyMs ?? NaN);
    await ok(k, "1 + 1");
    f.firstIdle.push(k.firstIdleMs ?? NaN);
    f.firstResult.push(performance.now() - k.launchedAt);
    f.firstImport.push(await ok(k, 'import { seed, lines } from "descent"\nseed(1).randn(2, 2).rows'));
  } finally {
    await k.shutdown();
  }
}

/** Per-cell overhead and memory over a session of `cells` cells that make and drop matrices and plots. */
async function session(v: Variant, f: Figures, cells: number): Promise<void> {
  // --expose-gc only so that the bench can also report memory after a full GC.
  const k = await KernelClient.start({ cwd: v.cwd, kernelDir: v.kernelDir, env: { NODE_OPTIONS: "--expose-gc" } });
  const pid = k.proc.pid!;
  try {
    await ok(k, 'import { seed, lines } from "descent"');
    for (let w = 0; w < 5; w++) await ok(k, "0;");
    // Learners loop over top-level variables: the cell reads and writes them as `exports.name`.
    const timed = async (code: string) => {
      const { reply, outputs } = await k.execute(code, {}, 300_000);
      if (reply.content.status !== "ok") throw new Error(`cell failed: ${code}`);
      const text = outputs.map((o) => String((o.content as { text?: string }).text ?? "")).join("");
      return Number(/ms=([\d.]+)/.exec(text)?.[1] ?? NaN);
    };
    f.loopTop = await timed("let acc = 0;\nconst tA = performance.now();\nfor (let i = 0; i < 20_000_000; i++) acc += i % 7;\nconsole.log(`ms=${performance.now() - tA}`);");
    f.loopFn = await timed("function loopIn() { let s = 0; for (let i = 0; i < 20_000_000; i++) s += i % 7; return s; }\nconst tB = performance.now();\nloopIn();\nconsole.log(`ms=${performance.now() - tB}`);");
    const cpu0 = cpuMs(pid);
    for (let n = 0; n < 40; n++) f.perCell.push(await ok(k, `const x${n} = ${n};`));
    f.cpuPerCell = (cpuMs(pid) - cpu0) / 40;
    const sample = async (done: number) => {
      const mb = rssMb(pid);
      await ok(k, "(globalThis as any).gc?.(); undefined");
      f.rss.push({ cells: done, mb, afterGcMb: rssMb(pid) });
    };
    await sample(0);
    for (let i = 1; i <= cells; i++) {
      await ok(
        k,
        [
          `const rng = seed(${i});`,
          "const W = rng.randn(200, 200);",
          `const fig = lines({ loss: Array.from({ length: 100 }, (_, t) => Math.exp(-t / 20) + ${i} / 1000) }, { title: "cell ${i}" });`,
          "fig.show();",
          "W.rows",
        ].join("\n"),
      );
      if (i % 100 === 0 || i === cells) await sample(i);
    }
  } finally {
    await k.shutdown();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { baseline: { type: "string" }, starts: { type: "string", default: "5" }, cells: { type: "string", default: "300" } } });
  if (!fs.existsSync(path.join(REPO, "dist", "kernel", "main.js"))) throw new Error("build first: npm run build");
  const variants: Variant[] = [];
  if (values.baseline) {
    const dir = path.resolve(values.baseline);
    variants.push({ name: `baseline (${dir})`, kernelDir: path.join(dir, "kernel", "kernels", "descent"), cwd: dir });
  }
  variants.push({ name: "this build", kernelDir: KERNEL_DIR, cwd: REPO });
  const figures = variants.map((): Figures => ({ firstReply: [], firstIdle: [], firstResult: [], firstImport: [], perCell: [], cpuPerCell: NaN, rss: [], loopTop: NaN, loopFn: NaN }));

  const load0 = os.loadavg();
  const starts = Number(values.starts);
  // Interleaved, so that a change in machine load hits every variant alike.
  for (let i = 0; i < starts; i++) for (const [j, v] of variants.entries()) await coldStart(v, figures[j]!);
  for (const [j, v] of variants.entries()) await session(v, figures[j]!, Number(values.cells));
  const load1 = os.loadavg();

  console.log(`machine: ${os.cpus().length} cores, node ${process.version}; load average ${load0.map((l) => l.toFixed(2)).join(" ")} at start, ${load1.map((l) => l.toFixed(2)).join(" ")} at end`);
  const rows: [string, (f: Figures) => string][] = [
    [`cold start: spawn → first reply (median of ${starts})`, (f) => `${ms(median(f.firstReply))} [${f.firstReply.map(ms).join(", ")}]`],
    [`cold start: spawn → first idle (ready to run cells)`, (f) => `${ms(median(f.firstIdle))} [${f.firstIdle.map(ms).join(", ")}]`],
    [`cold start: spawn → first result of "1 + 1"`, (f) => `${ms(median(f.firstResult))} [${f.firstResult.map(ms).join(", ")}]`],
    [`first import "descent" cell`, (f) => `${ms(median(f.firstImport))} [${f.firstImport.map(ms).join(", ")}]`],
    [`per-cell overhead, trivial cell (median of 40)`, (f) => `${ms(median(f.perCell))} (min ${ms(Math.min(...f.perCell))}, max ${ms(Math.max(...f.perCell))})`],
    [`kernel CPU time per trivial cell (both threads)`, (f) => `${f.cpuPerCell.toFixed(1)} ms`],
    [`20M-iteration loop over a top-level variable vs inside a function`, (f) => `${ms(f.loopTop)} vs ${ms(f.loopFn)} (${(f.loopTop / f.loopFn).toFixed(1)}x)`],
    [`RSS after N session cells: MB (MB after gc())`, (f) => f.rss.map((r) => `${r.cells}: ${r.mb.toFixed(0)} (${r.afterGcMb.toFixed(0)})`).join(", ")],
  ];
  const width = Math.max(...rows.map(([l]) => l.length));
  for (const [label, get] of rows) {
    console.log("");
    console.log(label.padEnd(width));
    for (const [j, v] of variants.entries()) console.log(`  ${v.name.padEnd(Math.max(...variants.map((x) => x.name.length)))}  ${get(figures[j]!)}`);
  }
  const last = figures.at(-1)!;
  const target = (label: string, met: boolean) => console.log(`${met ? "met   " : "MISSED"} ${label}`);
  console.log("");
  target("first reply ≤ 1.5 s", median(last.firstReply) <= 1500);
  target("per-cell overhead ≤ 30 ms", median(last.perCell) <= 30);
  target("a loop over top-level variables within 3x of the same loop in a function", last.loopTop <= 3 * last.loopFn);
  target("300-cell session < 400 MB RSS", (last.rss.at(-1)?.mb ?? Infinity) < 400);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  },
);
