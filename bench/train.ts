// Training speed against numpy written the course's way, both from a cold
// process, in one run:
// - moons: [2,5,2,1] relu/sigmoid, Adam, mini-batch 64, 5000 epochs (the course's
//   optimization assignment). Descent's figure is a whole `node` process: start-up,
//   loading `descent`, training. numpy's is model() alone (its process start-up and
//   `import numpy` are shown beside it).
// - wide: [64,128,64,10] relu/softmax, He init, Adam, mini-batch 128, 3 epochs over
//   20,000 examples: matmul-bound, so GFLOP/s are shown too.
// Both must give the same cost every epoch (relative difference printed) and the
// same accuracy. Run: npm run build && npx tsx bench/train.ts
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { describePeak, measurePeak } from "./peak";

const ROOT = path.resolve(__dirname, "..");
const REPS = Number(process.env.REPS ?? 5);

interface Run { wallMs: number; trainMs: number; cpuMs?: number; loadMs?: number; dataMs?: number; costs: number[]; accuracy: number; numpy?: string }

function run(cmd: string, args: string[], base: NodeJS.ProcessEnv = process.env): Run {
  const env = { ...base };
  // Old-CPU workarounds set on some machines slow a current numpy; drop them for the reference only.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 1 << 26 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr || r.error}`);
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
  return {
    wallMs, trainMs: out.trainMs ?? out.train_s * 1000, cpuMs: out.cpuMs ?? out.cpu_s * 1000,
    loadMs: out.loadMs, dataMs: out.dataMs, costs: out.costs, accuracy: out.accuracy, numpy: out.numpy,
  };
}

/** The run with the median wall time of `reps` runs. */
function median(reps: number, f: () => Run): Run {
  const runs = Array.from({ length: reps }, f).sort((a, b) => a.wallMs - b.wallMs);
  return runs[Math.floor(runs.length / 2)]!;
}

function maxRelDiff(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!));
  return d;
}

/** Floating-point operations of one epoch over m examples (2 per multiply-add; products only). */
function flopsPerEpoch(dims: number[], m: number): number {
  let macs = 0;
  for (let l = 1; l < dims.length; l++) {
    const layer = dims[l]! * dims[l - 1]!;
    macs += layer * 2; // Z = W·A and dW = dZ·Aᵀ
    if (l > 1) macs += layer; // dA[l−1] = Wᵀ·dZ
  }
  return 2 * macs * m;
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

function main(): void {
  console.log(`load average at start (1, 5, 15 min): ${load()} on ${os.availableParallelism()} cores`);
  const descent = (w: string) => run(process.execPath, [path.join(ROOT, "bench/train_descent.cjs"), w]);
  const numpy = (w: string) => run("python3", [path.join(ROOT, "bench/train_numpy.py"), w]);
  const pyStart = median(3, () => { const t0 = performance.now(); spawnSync("python3", ["-c", "import numpy"]); return { wallMs: performance.now() - t0 } as Run; }).wallMs;
  const nodeStartIn = (env: NodeJS.ProcessEnv) => median(3, () => { const t0 = performance.now(); spawnSync(process.execPath, ["-e", "0"], { env }); return { wallMs: performance.now() - t0 } as Run; }).wallMs;
  const nodeStart = nodeStartIn(process.env);
  // Some machines set NODE_EXTRA_CA_CERTS for every process: node then parses that CA bundle at
  // start-up, tens of ms that no training script needs. Shown beside, never dropped from the figure.
  const caCerts = process.env.NODE_EXTRA_CA_CERTS;
  const noCaEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_EXTRA_CA_CERTS"));
  const nodeStartNoCa = caCerts ? nodeStartIn(noCaEnv) : undefined;

  const rows: string[][] = [];
  // moons: alternate the two so that a change in the machine's load hits both.
  // Where the environment sets NODE_EXTRA_CA_CERTS, descent's process also runs without it, as on a
  // machine that does not set it: a second line, measured in the same loop.
  const dm: Run[] = [], nm: Run[] = [], dmNoCa: Run[] = [];
  for (let i = 0; i < REPS; i++) {
    dm.push(descent("moons"));
    nm.push(numpy("moons"));
    if (caCerts) dmNoCa.push(run(process.execPath, [path.join(ROOT, "bench/train_descent.cjs"), "moons"], noCaEnv));
  }
  const dMoons = median(1, () => dm.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(REPS / 2)]!);
  const nMoons = nm.sort((a, b) => a.trainMs - b.trainMs)[Math.floor(REPS / 2)]!;
  rows.push([
    "moons [2,5,2,1], Adam, 64/batch, 5000 epochs (descent: whole cold process)",
    fmt(dMoons.wallMs), fmt(nMoons.trainMs), `${(nMoons.trainMs / dMoons.wallMs).toFixed(1)}x`, "—",
  ]);
  rows.push([
    "  same, cold process against cold process",
    fmt(dMoons.wallMs), fmt(nMoons.wallMs), `${(nMoons.wallMs / dMoons.wallMs).toFixed(1)}x`, "—",
  ]);
  if (caCerts) {
    const d = dmNoCa.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(REPS / 2)]!;
    rows.push([
      "  same, node without this environment's NODE_EXTRA_CA_CERTS",
      fmt(d.wallMs), fmt(nMoons.trainMs), `${(nMoons.trainMs / d.wallMs).toFixed(1)}x`, "—",
    ]);
  }

  // wide: also on the WebAssembly kernels alone (DESCENT_NATIVE=0), as where the machine-code one is not built, in the same loop.
  const dw: Run[] = [], nw: Run[] = [], ww: Run[] = [];
  const wasmEnv: NodeJS.ProcessEnv = { ...process.env, DESCENT_NATIVE: "0" };
  for (let i = 0; i < Math.max(3, Math.ceil(REPS / 2)); i++) {
    dw.push(descent("wide"));
    nw.push(numpy("wide"));
    ww.push(run(process.execPath, [path.join(ROOT, "bench/train_descent.cjs"), "wide"], wasmEnv));
  }
  const dWide = dw.sort((a, b) => a.trainMs - b.trainMs)[Math.floor(dw.length / 2)]!;
  const wWide = ww.sort((a, b) => a.trainMs - b.trainMs)[Math.floor(ww.length / 2)]!;
  const nWide = nw.sort((a, b) => a.trainMs - b.trainMs)[Math.floor(nw.length / 2)]!;
  const gf = (ms: number) => (flopsPerEpoch([64, 128, 64, 10], 20000) * 3 / (ms / 1000) / 1e9).toFixed(1);
  rows.push([
    "wide [64,128,64,10], Adam, 128/batch, 3 epochs x 20,000 (train() alone)",
    fmt(dWide.trainMs), fmt(nWide.trainMs), `${(nWide.trainMs / dWide.trainMs).toFixed(2)}x`, `${gf(dWide.trainMs)} / ${gf(nWide.trainMs)}`,
  ]);
  rows.push([
    "  same, products on WebAssembly only (DESCENT_NATIVE=0)",
    fmt(wWide.trainMs), fmt(nWide.trainMs), `${(nWide.trainMs / wWide.trainMs).toFixed(2)}x`, `${gf(wWide.trainMs)} / ${gf(nWide.trainMs)}`,
  ]);

  const head = ["workload", "descent", "numpy", "numpy/descent", "GFLOP/s descent / numpy"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join("  ");
  console.log(`\nTraining (numpy ${nMoons.numpy}; median of ${REPS} runs, moons alternating descent and numpy)`);
  console.log(line(head));
  console.log(w.map((n) => "-".repeat(n)).join("  "));
  for (const r of rows) console.log(line(r));
  const caNote = nodeStartNoCa === undefined ? "" : ` (~${fmt(nodeStartNoCa)} without NODE_EXTRA_CA_CERTS=${caCerts}, which this environment sets)`;
  console.log(`\nmoons, descent's process: node start-up ~${fmt(nodeStart)}${caNote}, loading descent ${fmt(dMoons.loadMs!)}, the data ${fmt(dMoons.dataMs!)}, train() ${fmt(dMoons.trainMs)}; numpy's process: python + import numpy ~${fmt(pyStart)}`);
  console.log(`moons costs: max relative difference over ${dMoons.costs.length} epochs ${maxRelDiff(dMoons.costs, nMoons.costs).toExponential(2)}; final ${dMoons.costs.at(-1)} vs ${nMoons.costs.at(-1)}; accuracy ${dMoons.accuracy} vs ${nMoons.accuracy}`);
  console.log(`wide costs: max relative difference ${maxRelDiff(dWide.costs, nWide.costs).toExponential(2)} (${dWide.costs.map((c) => c.toFixed(6)).join(", ")}); accuracy ${dWide.accuracy} vs ${nWide.accuracy}`);
  console.log(`wide, descent's process: loading descent ${fmt(dWide.loadMs!)}; whole process ${fmt(dWide.wallMs)}`);
  // The machine-code kernel sums in the WebAssembly kernel's order: every cost, bit for bit.
  const sameBits = dWide.costs.length === wWide.costs.length && dWide.costs.every((c, i) => Object.is(c, wWide.costs[i]));
  console.log(`wide costs with and without the machine-code kernel: ${sameBits ? "identical, bit for bit" : `DIFFER (max relative ${maxRelDiff(dWide.costs, wWide.costs).toExponential(2)})`}`);
  // CPU time is less sensitive to other processes than wall time (numpy's adds up OpenBLAS's threads).
  console.log(`CPU time of training: moons descent ${fmt(dMoons.cpuMs!)}, numpy ${fmt(nMoons.cpuMs!)}; wide descent ${fmt(dWide.cpuMs!)}, numpy ${fmt(nWide.cpuMs!)}`);
  const peak = measurePeak();
  console.log(describePeak(peak));
  console.log(`load average at end: ${load()}`);
}

main();
