// Split one elementwise loop across threads. numpy's elementwise ops run on
// one core; an optimizer step over a large parameter is compute-bound in V8
// (√ and ÷ per entry, no SIMD), so the remaining lever is more cores.
//
// Design, kept small:
// - A pool of `availableParallelism() - 1` worker_threads, started lazily on
//   the first large call and `unref()`ed, so they never keep a process alive.
//   Until a worker reports ready the caller simply runs alone.
// - The worker runs the very same kernel: its source text (Function#toString,
//   so it works from dist/ and from TS sources under vitest or tsx alike) is
//   sent once and compiled there. Kernels must therefore be self-contained
//   (use only their arguments and globals such as Math); the optimizer
//   kernels are. JS arithmetic is exactly specified (no fused multiply-add),
//   so each entry is bit-identical whichever thread computes it.
// - Per call, one postMessage hands the worker the (SharedArrayBuffer-backed)
//   arrays and a fresh control block. The range is cut into blocks that the
//   caller and the workers claim with Atomics.add, so a late or busy worker
//   costs nothing: the caller takes whatever is left, then waits
//   (Atomics.wait) only for blocks a worker has claimed and not yet finished.
// - Anything not eligible (small ranges, arrays not on a SharedArrayBuffer,
//   no worker_threads, threads set to 1) runs the plain single-threaded loop.

import { kindOf, ValueError } from "../errors";

/** A kernel over entries [i0, i1): all arguments but the last two are passed through. */
export type RangeKernel = (...args: any[]) => void;

/**
 * Below this many entries a loop stays on the caller's thread. Measured on 2
 * cores (in-place step, 1 thread vs 2): Adam breaks even near 2^14 entries
 * and is 1.55x faster at 2^15; momentum breaks even near 2^14–2^15 and is
 * 1.47x faster at 2^15; both ~2x from 2^17 on.
 */
export const MIN_PARALLEL = 1 << 15;

/** Entries per claimed block (also the single-threaded block size of the optimizers). */
export const BLOCK = 8192;

// Control block: [next block to claim, entries done, failed flag].
const NEXT = 0, DONE = 1, FAILED = 2;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const kernels = new Map();
Atomics.store(workerData.ready, 0, 1);
parentPort.on("message", (m) => {
  if (m.src !== undefined) kernels.set(m.id, (0, eval)("(" + m.src + ")"));
  const fn = kernels.get(m.id), ctrl = m.ctrl, n = m.n, block = m.block, args = m.args;
  const argc = args.length;
  for (;;) {
    const b = Atomics.add(ctrl, ${NEXT}, 1), i0 = b * block;
    if (i0 >= n) break;
    const i1 = Math.min(n, i0 + block);
    try {
      if (argc === 9) fn(args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8], i0, i1);
      else fn(...args, i0, i1);
    } catch (e) {
      Atomics.store(ctrl, ${FAILED}, 1);
    }
    if (Atomics.add(ctrl, ${DONE}, i1 - i0) + (i1 - i0) === n) Atomics.notify(ctrl, ${DONE});
  }
});
`;

interface Slot {
  worker: import("node:worker_threads").Worker;
  ready: Int32Array;
  sent: WeakSet<RangeKernel>;
  dead: boolean;
}

let pool: Slot[] | undefined;
let threads: number | undefined; // undefined: availableParallelism()
const ids = new WeakMap<RangeKernel, number>();
let nextId = 0;
let dispatched = 0, byWorkers = 0;

/** How many loops have been shared with workers so far (for tests and benchmarks). */
export function sharedRuns(): number {
  return dispatched;
}

/** How many entries workers (not the caller) have computed so far. */
export function workerEntries(): number {
  return byWorkers;
}

let detected: number | undefined;
function defaultThreads(): number {
  return (detected ??= detectThreads());
}

function detectThreads(): number {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const os = require("node:os") as typeof import("node:os");
    return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  } catch {
    return 1;
  }
}

/** Threads used for large loops, caller included (1 = never use workers). */
export function getThreads(): number {
  return threads ?? defaultThreads();
}

/**
 * Set the number of threads (caller included) for large loops; 1 turns
 * threading off, `undefined` restores the default (available parallelism).
 * Workers already started stay (idle, unref'd) for a later increase.
 */
export function setThreads(n: number | undefined): void {
  if (n !== undefined && !(Number.isInteger(n) && n >= 1)) {
    throw new ValueError(`setThreads: n must be an integer >= 1, got ${typeof n === "number" ? n : kindOf(n)}`);
  }
  threads = n;
}

function startPool(): Slot[] {
  const want = Math.max(0, getThreads() - 1);
  pool ??= [];
  if (pool.length >= want) return pool;
  let wt: typeof import("node:worker_threads");
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    wt = require("node:worker_threads") as typeof import("node:worker_threads");
  } catch {
    threads = 1;
    return pool;
  }
  while (pool.length < want) {
    const ready = new Int32Array(new SharedArrayBuffer(4));
    let worker: import("node:worker_threads").Worker;
    try {
      // execArgv: [] so that a loader the parent runs under (tsx, vitest) is not re-run in the worker.
      worker = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: { ready }, execArgv: [], stdout: false, stderr: false });
    } catch {
      threads = 1;
      return pool;
    }
    worker.unref();
    const slot: Slot = { worker, ready, sent: new WeakSet(), dead: false };
    const drop = () => {
      slot.dead = true;
      const i = pool!.indexOf(slot);
      if (i >= 0) pool!.splice(i, 1);
    };
    worker.on("error", drop);
    worker.on("exit", drop);
    pool.push(slot);
  }
  return pool;
}

function readySlots(): Slot[] {
  return startPool().slice(0, getThreads() - 1).filter((s) => !s.dead && Atomics.load(s.ready, 0) === 1);
}

/** Workers started and ready to take work (starting them if needed). */
export function readyWorkers(): number {
  if (getThreads() <= 1) return 0;
  return readySlots().length;
}

/** Resolve once the pool's workers are ready (or after `timeoutMs`); returns how many are. */
export async function whenReady(timeoutMs = 5000): Promise<number> {
  const end = Date.now() + timeoutMs;
  const want = Math.max(0, getThreads() - 1);
  for (;;) {
    const r = readyWorkers();
    if (r >= want || Date.now() >= end) return r;
    await new Promise((res) => setTimeout(res, 5));
  }
}

function shared(a: unknown): boolean {
  if (!(a instanceof Float64Array)) return true; // scalars and options travel by copy
  return a.length === 0 || a.buffer instanceof SharedArrayBuffer;
}

/** Whether a loop of n entries over these arguments would use workers (without starting any). */
export function wouldParallelize(n: number, args: readonly unknown[]): boolean {
  return n >= MIN_PARALLEL && getThreads() > 1 && args.every(shared);
}

/**
 * Run `kernel(...args, i0, i1)` over [0, n) in blocks of BLOCK entries,
 * returning when every entry is done. Large ranges over SharedArrayBuffer
 * arrays are shared with the worker pool; everything else runs here, in order.
 * Returns the number of workers that took part in the call's dispatch.
 */
export function runRange(kernel: RangeKernel, args: unknown[], n: number): number {
  if (wouldParallelize(n, args)) {
    const slots = readySlots();
    if (slots.length > 0) return runShared(kernel, args, n, slots);
  }
  if (args.length === 9) {
    const [a, b, c, d, e, f, g, h, k] = args;
    for (let i0 = 0; i0 < n; i0 += BLOCK) kernel(a, b, c, d, e, f, g, h, k, i0, Math.min(n, i0 + BLOCK));
  } else {
    for (let i0 = 0; i0 < n; i0 += BLOCK) kernel(...args, i0, Math.min(n, i0 + BLOCK));
  }
  return 0;
}

function runShared(kernel: RangeKernel, args: unknown[], n: number, slots: Slot[]): number {
  let id = ids.get(kernel);
  if (id === undefined) ids.set(kernel, (id = nextId++));
  dispatched++;
  const ctrl = new Int32Array(new SharedArrayBuffer(12));
  const msg = { id, ctrl, n, block: BLOCK, args, src: undefined as string | undefined };
  for (const s of slots) {
    msg.src = s.sent.has(kernel) ? undefined : kernel.toString();
    s.worker.postMessage(msg);
    s.sent.add(kernel);
  }
  const nine = args.length === 9;
  const [a, b, c, d, e, f, g, h, k] = args;
  let mine = 0;
  for (;;) {
    const blk = Atomics.add(ctrl, NEXT, 1), i0 = blk * BLOCK;
    if (i0 >= n) break;
    const i1 = Math.min(n, i0 + BLOCK);
    if (nine) kernel(a, b, c, d, e, f, g, h, k, i0, i1);
    else kernel(...args, i0, i1);
    Atomics.add(ctrl, DONE, i1 - i0);
    mine += i1 - i0;
  }
  byWorkers += n - mine;
  for (let done = Atomics.load(ctrl, DONE); done < n; done = Atomics.load(ctrl, DONE)) Atomics.wait(ctrl, DONE, done);
  if (Atomics.load(ctrl, FAILED) !== 0) throw new Error("runRange: a worker failed while running its share of the loop");
  return slots.length;
}
