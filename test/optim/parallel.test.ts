// The threaded in-place step (src/tensor/parallel.ts) gives the single-threaded
// numbers bit for bit, leaves small or non-shared arrays on the plain path,
// and never keeps a process alive.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adagrad, adam, adamw, Matrix, momentum, nesterov, rmsprop, sgd, seed, type InPlaceOptimizer, type Params } from "../../src/index";
import { MIN_PARALLEL, runRange, setThreads, sharedRuns, whenReady, workerEntries, wouldParallelize } from "../../src/tensor/parallel";

const ROOT = path.resolve(__dirname, "../..");

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new BigInt64Array(a.buffer, a.byteOffset, a.length), y = new BigInt64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function copy(ps: Params): Params {
  const out: Params = {};
  for (const [k, m] of Object.entries(ps)) out[k] = m.mul(1);
  return out;
}

const cases: [string, () => InPlaceOptimizer<any>][] = [
  ["adam", () => adam({ learningRate: 0.01 })],
  ["adam, ε inside", () => adam({ learningRate: 0.01, epsilonInside: true })],
  ["adamw", () => adamw({ learningRate: 0.01, weightDecay: 0.1 })],
  ["rmsprop", () => rmsprop({ learningRate: 0.01, beta: 0.9 })],
  ["momentum", () => momentum({ learningRate: 0.01, beta: 0.9 })],
  ["nesterov", () => nesterov({ learningRate: 0.01, beta: 0.9 })],
  ["adagrad", () => adagrad({ learningRate: 0.01 })],
  ["sgd", () => sgd({ learningRate: 0.01 })],
];

describe("threaded in-place step", () => {
  beforeAll(async () => {
    setThreads(2); // one worker, even on a 1-core machine
    expect(await whenReady(20000)).toBe(1);
  }, 30000);
  afterAll(() => setThreads(undefined));

  for (const [name, make] of cases) {
    it(`${name}: bit-identical to one thread on 2^18 + 5 entries (a partial last block)`, () => {
      const rng = seed(1);
      const p0: Params = { W: rng.randn(512, 512), b: rng.randn(5, 1), V: rng.randn(1, 5) };
      p0.W = new Matrix(1, (1 << 18) + 5, Float64Array.from({ length: (1 << 18) + 5 }, () => rng.randn(1, 1).data[0]!));
      const opt = make();
      const pa = copy(p0), pb = copy(p0);
      expect(pa.W!.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      const sa = opt.init(pa), sb = opt.init(pb);
      for (let t = 0; t < 3; t++) {
        const grads: Params = {};
        for (const k of Object.keys(p0)) grads[k] = rng.randn(p0[k]!.rows, p0[k]!.cols).mul(0.1);
        setThreads(1);
        const before = sharedRuns();
        opt.step(pa, grads, sa);
        expect(sharedRuns()).toBe(before);
        setThreads(2);
        opt.step(pb, grads, sb);
        expect(sharedRuns()).toBe(before + 3); // the finiteness checks of W and its gradient, and W's update; b and V are small
      }
      for (const k of Object.keys(p0)) expect(sameBits(pa[k]!.data, pb[k]!.data)).toBe(true);
      for (const slot of ["v", "s"] as const) {
        if (!sa[slot]) continue;
        for (const k of Object.keys(p0)) expect(sameBits(sa[slot][k].data, sb[slot][k].data)).toBe(true);
      }
      expect(sa.t).toBe(3);
      expect(sb.t).toBe(3);
    });
  }

  it("small arrays and arrays not on a SharedArrayBuffer take the plain path", () => {
    const rng = seed(2);
    const small: Params = { W: rng.randn(100, 100) };
    expect(small.W!.data.buffer).toBeInstanceOf(ArrayBuffer);
    const n = 1 << 18;
    const plain = new Matrix(512, 512, new Float64Array(n).fill(0.5));
    const big: Params = { W: plain };
    expect(wouldParallelize(n, [plain.data, new Float64Array(new SharedArrayBuffer(8 * n))])).toBe(false);
    expect(wouldParallelize(MIN_PARALLEL - 1, [new Float64Array(new SharedArrayBuffer(8 * n))])).toBe(false);
    expect(wouldParallelize(n, [new Float64Array(new SharedArrayBuffer(8 * n)), new Float64Array(0), 3, true])).toBe(true);
    for (const ps of [small, big]) {
      const opt = adam();
      const st = opt.init(ps);
      const ref = copy(ps), rst = opt.init(ref);
      const before = sharedRuns();
      const g: Params = { W: new Matrix(ps.W!.rows, ps.W!.cols, new Float64Array(ps.W!.size).fill(0.25)) };
      opt.step(ps, g, st);
      expect(sharedRuns()).toBe(before);
      setThreads(1);
      opt.step(ref, g, rst);
      setThreads(2);
      expect(sameBits(ps.W!.data, ref.W!.data)).toBe(true);
    }
  });

  it("with one thread, large matrices are made on plain ArrayBuffers", () => {
    setThreads(1);
    try {
      expect(new Matrix(512, 512).data.buffer).toBeInstanceOf(ArrayBuffer);
    } finally {
      setThreads(2);
    }
    expect(new Matrix(512, 512).data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(new Matrix(100, 100).data.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it("runRange covers every entry exactly once", () => {
    const n = 3 * MIN_PARALLEL + 7;
    const a = new Float64Array(new SharedArrayBuffer(8 * n));
    const bump = (x: Float64Array, i0: number, i1: number) => { for (let i = i0; i < i1; i++) x[i] = x[i]! + i + 1; };
    expect(runRange(bump, [a], n)).toBe(1);
    for (let i = 0; i < n; i++) if (a[i] !== i + 1) throw new Error(`entry ${i} is ${a[i]}`);
  });

  it("a non-finite entry in a large shared gradient is still caught before anything is written", () => {
    const rng = seed(4);
    const p: Params = { W: rng.randn(1024, 1024) };
    const opt = adam(), st = opt.init(p);
    const before = p.W!.data.slice();
    for (const [at, bad] of [[1024 * 1024 - 1, NaN], [700_000, -Infinity], [3, Infinity]] as const) {
      const g: Params = { W: rng.randn(1024, 1024) };
      expect(g.W!.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      g.W!.data[at] = bad;
      const r = Math.floor(at / 1024), c = at % 1024;
      expect(() => opt.step(p, g, st)).toThrow(`[${r}, ${c}]`);
      expect(sameBits(p.W!.data, before)).toBe(true);
      expect(st.t).toBe(0);
    }
  });

  it("the worker does take part (some of a large step is computed off the main thread)", () => {
    const rng = seed(3);
    const p: Params = { W: rng.randn(1024, 1024) }, g: Params = { W: rng.randn(1024, 1024) };
    const opt = adam(), st = opt.init(p);
    const before = workerEntries();
    for (let r = 0; r < 50 && workerEntries() === before; r++) opt.step(p, g, st);
    expect(workerEntries()).toBeGreaterThan(before);
  });
});

describe("a process using the pool exits on its own", () => {
  const body = (lib: string, par: string) => `
const { adam, seed } = require(${JSON.stringify(lib)});
const { setThreads, sharedRuns, whenReady } = require(${JSON.stringify(par)});
setThreads(2);
whenReady(20000).then((ready) => {
  const rng = seed(0);
  const p = { W: rng.randn(512, 512) }, g = { W: rng.randn(512, 512) };
  const opt = adam();
  opt.step(p, g, opt.init(p));
  console.log("ready=" + ready + " shared=" + sharedRuns());
});
`;
  let dir = "";
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-parallel-")); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("from the TypeScript sources (tsx)", () => {
    const file = path.join(dir, "step.ts");
    fs.writeFileSync(file, body(path.join(ROOT, "src/index.ts"), path.join(ROOT, "src/tensor/parallel.ts")));
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: ROOT, encoding: "utf8", timeout: 30000 });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("ready=1 shared=3"); // the parameter's and the gradient's checks, and the update
    expect(r.status).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15000);
  }, 40000);

  it.skipIf(!fs.existsSync(path.join(ROOT, "dist/tensor/parallel.js")))("from the compiled dist/", () => {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ["-e", body(path.join(ROOT, "dist/index.js"), path.join(ROOT, "dist/tensor/parallel.js"))], { cwd: ROOT, encoding: "utf8", timeout: 30000 });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("ready=1 shared=3"); // the parameter's and the gradient's checks, and the update
    expect(r.status).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
  }, 40000);
});
