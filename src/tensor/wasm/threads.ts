// Large products shared with worker threads that run the same WebAssembly
// kernels on the same (shared) memory.
//
// The caller packs the operands, then cuts the product into chunks of whole
// output tiles (column panels of C) that the caller and the workers claim one
// at a time. Each entry of C is computed by exactly one kernel call, so the
// result is bit-identical to one thread's.
//
// Why not src/tensor/parallel.ts's postMessage per call: a message costs tens
// of microseconds, as much as a mid-sized product. Here an idle worker sleeps
// in Atomics.wait on a control word and a call costs one Atomics.notify; a
// worker slow to wake costs nothing, as the caller claims every chunk itself.
// A worker descheduled in the middle of a chunk does keep the caller waiting,
// hence the two guards in `sharing`: no sharing while the machine is busy, and
// a growing pause after any job where the caller had to wait.
//
// Control words (Int32Array on a SharedArrayBuffer):
//   SEQ    job number, bumped to publish a job (workers wait on it)
//   CLAIM  (job number & 0xffff) << 16 | next chunk: claimed by compare-and-swap,
//          so a worker still holding an older job's parameters can never claim
//          a chunk of a newer one
//   DONE   chunks finished; the caller returns (and may publish the next job)
//          only when it reaches the chunk count
//   STOP   ask the workers to leave
//   FAILED set by a worker whose chunk threw (a WebAssembly trap: a bug): the chunk still
//          counts as done, so the caller never waits for it, and the caller throws
import { getThreads } from "../parallel";
import { runtime, type Kernels, type Runtime } from "./runtime";
import { MR, NR } from "./kernels";

/**
 * Products of at least this many multiply-adds are shared with the workers (~170 µs of work on
 * one core). Below it the shared memory's slower copies (see runtime.ts) and the hand-off eat the
 * gain: at 2^20 (128x64x128, the wide network's layers) sharing gave no reliable gain on 2 busy cores.
 */
export const THREAD_MIN_MACS = 1 << 22;

const SEQ = 0, CLAIM = 1, DONE = 2, STOP = 3, CHUNKS = 4, CHUNK = 5, BY_WORKERS = 6, FAILED = 7, P = 8; // P … P+6: the gemm call's arguments
const WORDS = P + 7;

/**
 * Row panels of A per kernel call: 32 x 4 rows x 256 deep is 256 KiB, which stays in L2 while
 * every column panel of B (8 KiB, in L1) passes over it (BLIS's MC block; the kernel's own loop
 * is BLIS's jr/ir pair).
 */
const MC_PANELS = 32;

// The worker: instantiate the kernels on the shared memory, then serve jobs.
// Self-contained source (it runs in a fresh isolate), so it repeats the claim loop below.
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { module, memory, ctrl } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory } }).exports;
const MR = ${MR}, NR = ${NR};
Atomics.store(workerData.ready, 0, 1);
let seen = Atomics.load(ctrl, ${SEQ});
for (;;) {
  let s = Atomics.load(ctrl, ${SEQ});
  for (let spin = 0; s === seen && spin < 2000; spin++) s = Atomics.load(ctrl, ${SEQ});
  while (s === seen) {
    if (Atomics.load(ctrl, ${STOP})) process.exit(0);
    Atomics.wait(ctrl, ${SEQ}, seen, 200);
    s = Atomics.load(ctrl, ${SEQ});
  }
  seen = s;
  const chunks = ctrl[${CHUNKS}], chunk = ctrl[${CHUNK}];
  const p0 = ctrl[${P}], p1 = ctrl[${P + 1}], p2 = ctrl[${P + 2}], p3 = ctrl[${P + 3}], p4 = ctrl[${P + 4}], p5 = ctrl[${P + 5}], p6 = ctrl[${P + 6}];
  const tag = (s & 0xffff) << 16;
  for (;;) {
    const cur = Atomics.load(ctrl, ${CLAIM});
    if ((cur & 0xffff0000) !== tag) break;
    const c = cur & 0xffff;
    if (c >= chunks) break;
    if (Atomics.compareExchange(ctrl, ${CLAIM}, cur, cur + 1) !== cur) continue;
    const j0 = c * chunk, cnt = Math.min(chunk, p4 - j0);
    try {
      for (let i0 = 0; i0 < p3; i0 += ${MC_PANELS}) {
        k.gemm(p0 + i0 * p5 * MR * 8, p1 + j0 * p5 * NR * 8, p2 + i0 * MR * p6 + j0 * NR * 8, Math.min(${MC_PANELS}, p3 - i0), cnt, p5, p6);
      }
    } catch {
      Atomics.store(ctrl, ${FAILED}, 1);
    }
    Atomics.add(ctrl, ${BY_WORKERS}, 1);
    if (Atomics.add(ctrl, ${DONE}, 1) + 1 === chunks) Atomics.notify(ctrl, ${DONE});
  }
}
`;

export interface Pool {
  /** The kernels' module the workers run (a new one, after `setFusedMultiplyAdd`, needs new workers). */
  module: WebAssembly.Module;
  ctrl: Int32Array;
  workers: { ready: Int32Array; dead: boolean }[];
}

let pool: Pool | null | undefined;

function startPool(r: Runtime): Pool | null {
  if (!r.module || !(r.memory.buffer instanceof SharedArrayBuffer)) return null;
  let wt: typeof import("node:worker_threads");
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    wt = require("node:worker_threads") as typeof import("node:worker_threads");
  } catch {
    return null;
  }
  const p: Pool = { module: r.module, ctrl: new Int32Array(new SharedArrayBuffer(WORDS * 4)), workers: [] };
  const want = Math.max(0, getThreads() - 1);
  for (let i = 0; i < want; i++) {
    const ready = new Int32Array(new SharedArrayBuffer(4));
    try {
      // execArgv: [] so that a loader the parent runs under (tsx, vitest) is not re-run in the worker.
      const w = new wt.Worker(WORKER_SOURCE, {
        eval: true, execArgv: [], stdout: false, stderr: false,
        workerData: { module: r.module, memory: r.memory, ctrl: p.ctrl, ready },
      });
      w.unref();
      const slot = { ready, dead: false };
      w.on("error", () => { slot.dead = true; });
      w.on("exit", () => { slot.dead = true; });
      p.workers.push(slot);
    } catch {
      break;
    }
  }
  return p;
}

/** Workers ready to take chunks now (starting them on first use); 0 when threads are off. */
function helpers(r: Runtime): Pool | null {
  if (getThreads() <= 1) return null;
  if (pool && pool.module !== r.module) stopThreads();
  if (pool === undefined) pool = startPool(r);
  if (!pool) return null;
  for (const w of pool.workers) if (!w.dead && Atomics.load(w.ready, 0) === 1) return pool;
  return null;
}

/** Publish a job, claim chunks until none is left, then wait for the workers' chunks. */
function share(p: Pool, chunks: number, chunk: number, params: number[], run: (c: number) => void): void {
  const ctrl = p.ctrl;
  ctrl[CHUNKS] = chunks; ctrl[CHUNK] = chunk;
  for (let q = 0; q < params.length; q++) ctrl[P + q] = params[q]!;
  Atomics.store(ctrl, DONE, 0);
  Atomics.store(ctrl, FAILED, 0);
  const seq = (Atomics.load(ctrl, SEQ) + 1) | 0, tag = (seq & 0xffff) << 16;
  Atomics.store(ctrl, CLAIM, tag);
  Atomics.store(ctrl, SEQ, seq);
  Atomics.notify(ctrl, SEQ);
  const t0 = performance.now();
  let failure: unknown;
  for (;;) {
    const cur = Atomics.load(ctrl, CLAIM), c = cur & 0xffff;
    if (c >= chunks) break;
    if (Atomics.compareExchange(ctrl, CLAIM, cur, cur + 1) !== cur) continue;
    try {
      run(c);
    } catch (e) {
      failure ??= e; // still wait for the workers' chunks: they write to the same memory
    }
    Atomics.add(ctrl, DONE, 1);
  }
  const t1 = performance.now();
  for (let spin = 0; Atomics.load(ctrl, DONE) < chunks; spin++) {
    if (spin > 1000) Atomics.wait(ctrl, DONE, Atomics.load(ctrl, DONE), 1);
  }
  if (failure !== undefined) throw failure;
  if (Atomics.load(ctrl, FAILED)) throw new Error("matrix product: a worker thread's share of the product failed (a WebAssembly trap in the kernel); the result is not valid");
  // A worker that kept the caller waiting (descheduled on a busy machine) makes sharing a loss:
  // run alone for a while, longer each time it happens again.
  if (performance.now() - t1 > 0.25 * (t1 - t0) + 0.05) backoff = pause = Math.min(4096, pause * 2);
  else pause = Math.max(8, pause >> 1);
}

/** Jobs left to run alone, and the length of the next pause. */
let backoff = 0, pause = 8;

/**
 * The pool to share a product of `macs` multiply-adds with, or null to run it on one thread:
 * small products, threads off, no worker ready yet, or backing off after a late worker.
 * Sharing needs the operands on the shared memory: use `runtime(true)` when this is not null.
 */
export function sharing(macs: number): Pool | null {
  if (macs < THREAD_MIN_MACS || getThreads() <= 1 || backoff-- > 0 || busy()) return null;
  const r = runtime(true);
  return r ? helpers(r) : null;
}

/**
 * True when other processes keep the cores busy (1-minute load average ≥ cores + 0.5, our own
 * threads included; read at most every 250 ms): a worker would then be descheduled in the middle
 * of its chunk and keep the caller waiting. Measured on 2 cores at load 4–6: 256³ took 3.6 ms
 * shared against 1.6 ms alone.
 */
function busy(): boolean {
  if (!loadGate) return false;
  const now = Date.now();
  if (now - loadReadAt > 250) {
    loadReadAt = now;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const os = require("node:os") as typeof import("node:os");
      loaded = os.loadavg()[0]! >= os.availableParallelism() + 0.5;
    } catch {
      loaded = false;
    }
  }
  return loaded;
}
let loadReadAt = -Infinity, loaded = false, loadGate = true;

/** Share products even on a busy machine (false), or only when a core is idle (true, the default): tests use false. */
export function setLoadGate(on: boolean): void {
  loadGate = on;
  backoff = 0;
}

/** Tiles of row panels [0, np) x column panels [j0, j0 + cnt), one L2-sized block of A at a time. */
function tiles(k: Kernels, ap: number, bp: number, c: number, np: number, j0: number, cnt: number, K: number, ldc: number): void {
  for (let i0 = 0; i0 < np; i0 += MC_PANELS) {
    k.gemm(ap + i0 * K * MR * 8, bp + j0 * K * NR * 8, c + i0 * MR * ldc + j0 * NR * 8, Math.min(MC_PANELS, np - i0), cnt, K, ldc);
  }
}

/** `gemm` over all np x mp tiles of C, by column panels claimed by the caller and `p`'s workers (or alone when p is null). */
export function gemmTiles(r: Runtime, p: Pool | null, ap: number, bp: number, c: number, np: number, mp: number, K: number, ldc: number): void {
  const k: Kernels = r.k;
  if (!p || mp < 2) { tiles(k, ap, bp, c, np, 0, mp, K, ldc); return; }
  const chunk = Math.max(1, Math.ceil(mp / 16)), chunks = Math.ceil(mp / chunk);
  share(p, chunks, chunk, [ap, bp, c, np, mp, K, ldc], (q) => tiles(k, ap, bp, c, np, q * chunk, Math.min(chunk, mp - q * chunk), K, ldc));
}

/** Chunks of products computed by worker threads so far (tests and benchmarks). */
export function workerChunks(): number {
  return pool ? Atomics.load(pool.ctrl, BY_WORKERS) : 0;
}

/** Resolve when a worker is ready to take chunks (starting the pool), or after `timeoutMs`; false when threads are off. */
export async function whenThreadsReady(timeoutMs = 5000): Promise<boolean> {
  const r = runtime(true);
  const end = Date.now() + timeoutMs;
  while (r && getThreads() > 1) {
    if (helpers(r)) return true;
    if (Date.now() >= end) break;
    await new Promise((res) => setTimeout(res, 5));
  }
  return false;
}

/** Ask the workers to leave (tests; they are unref'd and never keep a process alive). */
export function stopThreads(): void {
  if (pool) Atomics.store(pool.ctrl, STOP, 1);
  pool = undefined;
}
