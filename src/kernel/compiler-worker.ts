// Entry of the compiler thread (see compiler-thread.ts): builds the Compiler,
// warms it, and answers requests { id, method, args } with { id, ok, value }
// or { id, ok: false, error }.

import v8 from "node:v8";
import vm from "node:vm";
import { parentPort, workerData } from "node:worker_threads";
import { Compiler, type CompilerOptions } from "./compiler";

export type Method = "compile" | "inspect" | "complete" | "isComplete";
export interface Request {
  id: number;
  method: Method;
  args: unknown[];
}
export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string; stack?: string } };
/** Sent once when the compiler has built its first program (`created`), once when it is also warm (`ready`): where its start-up time went (ms). */
export interface Ready {
  ready: boolean;
  timings: Record<string, number>;
  codeCache: string;
  error?: string;
}

const port = parentPort!;

// tslab warns when a cell's second program is not made afresh; the kernel
// keeps the first on purpose (compiler.ts), so that warning is noise.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (args[0] !== "builder is not recreated though contents are changed.") warn(...args);
};
let compiler: Compiler | undefined;
let failure: Error | undefined;

// Each cell makes new programs, and V8 lets the garbage of old ones pile up
// for a long while before it collects (about 1 MB per cell, not a leak: it
// all goes at a full collection, but RSS had reached 500 MB by 300 cells).
// So the compiler collects once its heap has grown by BURST_GROWTH (right
// after replying, so no request waits for it), or by IDLE_GROWTH when it has
// been idle a moment. V8 has no API for that short of exposing gc(); the
// flag only reaches contexts made after it is set.
const IDLE_MS = 1000;
const IDLE_GROWTH = 8 * 1024 * 1024;
const BURST_GROWTH = 32 * 1024 * 1024;
let collect: (() => void) | undefined;
try {
  v8.setFlagsFromString("--expose-gc");
  collect = vm.runInNewContext("gc") as () => void;
} catch {
  // no gc(): V8 collects on its own schedule
}
let usedAfterGc = 0;
let idle: NodeJS.Timeout | undefined;
function collectIfGrown(growth: number): void {
  if (!collect || v8.getHeapStatistics().used_heap_size < usedAfterGc + growth) return;
  collect();
  usedAfterGc = v8.getHeapStatistics().used_heap_size;
}
function afterRequest(): void {
  collectIfGrown(BURST_GROWTH);
  clearTimeout(idle);
  idle = setTimeout(() => collectIfGrown(IDLE_GROWTH), IDLE_MS);
  idle.unref();
}

port.on("message", (req: Request) => {
  try {
    if (!compiler) throw failure ?? new Error("the compiler is not ready");
    const fn = compiler[req.method] as (...args: unknown[]) => unknown;
    port.postMessage({ id: req.id, ok: true, value: fn.apply(compiler, req.args) } satisfies Reply);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    port.postMessage({ id: req.id, ok: false, error: { name: err.name, message: err.message, stack: err.stack } } satisfies Reply);
  }
  afterRequest();
});

const timings: Record<string, number> = {};
let t = performance.now();
const lap = (name: string) => {
  const now = performance.now();
  timings[name] = Math.round(now - t);
  t = now;
};
try {
  compiler = new Compiler(workerData as CompilerOptions);
  lap("create");
  port.postMessage({ ready: false, timings: { ...timings }, codeCache: compiler.codeCache } satisfies Ready);
  compiler.warm();
  lap("warm");
  Object.assign(timings, compiler.timings);
  port.postMessage({ ready: true, timings, codeCache: compiler.codeCache } satisfies Ready);
  // After the warm-up, so the cache holds the functions it compiled too.
  compiler.saveCodeCache();
  afterRequest();
} catch (e) {
  failure = e instanceof Error ? e : new Error(String(e));
  port.postMessage({ ready: true, timings, codeCache: "", error: failure.stack ?? failure.message } satisfies Ready);
}
