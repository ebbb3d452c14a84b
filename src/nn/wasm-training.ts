// The training loop's WebAssembly path (src/nn/wasm-epoch.ts) on the
// JavaScript side: which runs it can take, the module's memory, and keeping
// the network's parameters and the optimizer's state in step with it.
// Parameters go in and out every epoch (a few hundred values), so callbacks,
// dev costs and early stopping see them as in the JavaScript loop; the
// optimizer's moments stay in the module until the run ends.
import { fastUpdateOf, type FastUpdate, type MomentState } from "../optim/driver";
import { learningRateAt } from "../optim/validate";
import type { Optimizer, StepContext } from "../optim/types";
import { isMatrix, type Matrix } from "../tensor/matrix";
import type { Params } from "../tensor/params";
import { wasmEnabled } from "../tensor/wasm/runtime";
import { epochModule, layout, RULE_SCALARS, type EpochLayout, type EpochShape, type HiddenActivation } from "./wasm-epoch";
import type { Network } from "./model";

/** Layers of at most this many units (the module unrolls each layer's n[l]·n[l−1] products). */
const MAX_UNITS = 32;

let enabled = true;

/** Turn the WebAssembly training loop off (false) or back on: tests compare it with the JavaScript loop. */
export function setWasmTraining(on: boolean): void {
  enabled = on;
}

/** e^x and log x in the module two lanes at a time (true) or by Math.exp and Math.log (false); undefined until a module's `lanesOk()` has said. */
let lanes: boolean | undefined;
let lanesForced = false;

/** Force e^x and log x in the module two lanes at a time (true) or through Math.exp and Math.log (false), or let the module check (undefined): for tests. */
export function setMathLanes(on: boolean | undefined): void {
  lanes = on;
  lanesForced = on !== undefined;
}

/** Compiled modules by shape (a hyperparameter search trains one shape many times). */
const modules = new Map<string, WebAssembly.Module>();

function compiled(shape: EpochShape, lay: EpochLayout): WebAssembly.Module {
  const key = JSON.stringify(shape);
  let mod = modules.get(key);
  if (!mod) {
    mod = new WebAssembly.Module(epochModule(shape, lay).buffer as ArrayBuffer);
    if (modules.size >= 16) modules.delete(modules.keys().next().value!);
    modules.set(key, mod);
  }
  return mod;
}

export interface WasmTraining {
  /** Mini-batches per epoch. */
  steps: number;
  /** After `run`: Σ cost·width over the mini-batches it ran, added in order from 0 (train.ts's running total). */
  total(): number;
  /** After `run`: the cost of its mini-batch k (costs.ts `computeCost` of that batch). */
  cost(k: number): number;
  /**
   * Epoch `epoch`: reshuffle with `shuffleSeed` and run the mini-batches in the module. Returns how
   * many ran; fewer than `steps` when the next one must go through the JavaScript loop, which then
   * reports what is wrong (a gradient not finite, a schedule's bad value). Parameters stay in the
   * module until `release`.
   */
  run(epoch: number, shuffleSeed: number): number;
  /** Write the parameters back into `net.params`, for anything that reads (or changes) them before the next `run`. */
  release(): void;
  /** Copy the optimizer's t and moments into its state object (before the JavaScript loop takes over, and at the end). */
  saveState(): void;
  /** And back into the module. */
  loadState(): void;
}

function hiddenOf(net: Network): HiddenActivation[] | undefined {
  const hidden = net.activations.slice(0, -1);
  return hidden.every((a) => a === "relu" || a === "sigmoid" || a === "tanh") ? hidden as HiddenActivation[] : undefined;
}

/** The parameter names in the module's order, W1, b1, …, WL, bL, if `params` has exactly these with the network's shapes. */
function paramNames(net: Network, params: Params): string[] | undefined {
  const d = net.layerDims, names: string[] = [];
  for (let l = 1; l < d.length; l++) {
    const W = params[`W${l}`], b = params[`b${l}`];
    if (!isMatrix(W) || W.rows !== d[l] || W.cols !== d[l - 1] || !isMatrix(b) || b.rows !== d[l] || b.cols !== 1) return undefined;
    names.push(`W${l}`, `b${l}`);
  }
  return Object.keys(params).length === names.length ? names : undefined;
}

/**
 * The WebAssembly loop for this run, or undefined where only the JavaScript loop applies: a sigmoid
 * output with binary cross-entropy, relu/sigmoid/tanh hidden layers of ≤ 32 units, no dropout,
 * batch norm or regularization, and sgd, momentum ("ema"), rmsprop or adam (ε outside √, no decay) from this library.
 */
export function wasmTraining(
  net: Network, X: Matrix, labels: Matrix, batchSize: number, seed: number, epochs: number, optimizer: Optimizer, state: unknown,
): WasmTraining | undefined {
  if (!enabled || !wasmEnabled() || epochs < 1) return undefined;
  const fast = fastUpdateOf(optimizer);
  const hidden = hiddenOf(net);
  const dims = net.layerDims, m = X.cols, L = dims.length - 1;
  if (!fast || !hidden || net.cost !== "binary" || net.activations[L - 1] !== "sigmoid" || dims[L] !== 1) return undefined;
  if (net.batchNorm || net.lambda || net.l1 || net.keepProb.some((p) => p !== 1) || dims.some((n) => n > MAX_UNITS)) return undefined;
  const names = paramNames(net, net.params);
  const st = state as MomentState;
  if (!names || !Number.isSafeInteger(st.t) || fast.slots.some((slot) => !st[slot] || !paramNames(net, st[slot]!))) return undefined;
  // Every reshuffle's seed valid for the generator (else the JavaScript loop reports which is not).
  const shuffled = batchSize < m;
  if (shuffled && !(Number.isInteger(seed) && seed + 1 >= 0 && seed + epochs <= 0xffffffff)) return undefined;
  if (X.rows !== dims[0] || labels.rows !== 1 || labels.cols !== m || m < 1) return undefined;
  const mathLanes = lanes ?? true;
  return new Runner({ dims: dims.slice(), hidden, m, batch: shuffled ? batchSize : m, rule: fast.rule, mathLanes }, fast, net, X, labels, names, st, epochs);
}

/** Update scalars are computed ahead for this many steps when α is a constant (one loop, not one call per epoch). */
const AHEAD = 4096;

class Runner implements WasmTraining {
  readonly steps: number;
  private readonly lay: EpochLayout;
  private readonly f64: Float64Array;
  private readonly epochFn: (seed: number, steps: number, sc: number) => number;
  private readonly K: number;
  /** Steps whose scalars SC holds, from update t0 + 1 on, the first in epoch e0; n of them are valid. */
  private readonly room: number;
  private sc = { e0: 0, t0: -1, n: 0 };
  private t: number;
  /** The parameters are in net.params (not yet copied into the module). */
  private released = true;

  constructor(shape: EpochShape, private readonly fast: FastUpdate, private readonly net: Network, X: Matrix, labels: Matrix,
    private readonly names: string[], private readonly state: MomentState, epochs: number) {
    const lay = layout(shape);
    this.lay = lay;
    this.steps = lay.steps;
    this.K = RULE_SCALARS[shape.rule];
    // A schedule is read epoch by epoch (as the JavaScript loop reads it); a constant α far ahead.
    this.room = typeof fast.lr === "number" ? Math.max(lay.steps, Math.min(AHEAD, epochs * lay.steps)) : lay.steps;
    const pages = Math.ceil((lay.SC + this.room * this.K * 8) / 65536);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const imports = { Math: { exp: Math.exp, tanh: Math.tanh, log: Math.log }, env: { memory } };
    let inst = new WebAssembly.Instance(compiled(shape, lay), imports);
    // The first module of the process checks that its e^x and log x lanes round as Math.exp and Math.log here;
    // where they do not (V8's C code compiled otherwise), this and later modules call the imports instead.
    if (shape.mathLanes && !lanesForced && lanes === undefined) {
      lanes = (inst.exports.lanesOk as () => number)() === 1;
      if (!lanes) inst = new WebAssembly.Instance(compiled({ ...shape, mathLanes: false }, lay), imports);
    }
    this.epochFn = inst.exports.epoch as (seed: number, steps: number, sc: number) => number;
    const f64 = new Float64Array(memory.buffer);
    this.f64 = f64;
    f64.set(X.data, lay.X / 8);
    f64.set(labels.data, lay.Y / 8);
    this.t = state.t;
    this.loadState();
  }

  /** Copy each named matrix of `set` into the block at byte address `block` (in), or out of it; false if one is missing or reshaped. */
  private sync(set: Params, block: number, into: boolean): boolean {
    const { wOff, bOff } = this.lay, f64 = this.f64, d = this.net.layerDims;
    for (let i = 0; i < this.names.length; i++) {
      const l = (i >> 1) + 1, at = (block + (i & 1 ? bOff[l]! : wOff[l]!)) / 8, size = i & 1 ? d[l]! : d[l]! * d[l - 1]!;
      const mat = set[this.names[i]!];
      if (!isMatrix(mat) || mat.data.length !== size) return false;
      if (into) f64.set(mat.data, at);
      else mat.data.set(f64.subarray(at, at + size));
    }
    return true;
  }

  /**
   * The scalars of epoch `epoch`'s steps, as the optimizer's update computes them from α at that
   * step; returns the byte address of the first and how many are valid (a schedule's invalid value
   * stops them before that step, for the JavaScript loop to report).
   */
  private scalars(epoch: number): { at: number; n: number } {
    const steps = this.steps, sc = this.sc, fast = this.fast;
    let first = (epoch - sc.e0) * steps;
    if (sc.t0 < 0 || this.t !== sc.t0 + first || first + steps > this.room) {
      sc.e0 = epoch; sc.t0 = this.t; sc.n = 0; first = 0;
      const ctx: StepContext = { epoch };
      try {
        // A constant α: the whole room in one call (a constant cannot fail).
        if (typeof fast.lr === "number") {
          fast.scalarsAhead(this.t, this.room, fast.lr, this.f64, this.lay.SC / 8, this.K);
          sc.n = this.room;
        }
        for (; sc.n < this.room; sc.n++) {
          ctx.epoch = epoch + Math.floor(sc.n / steps);
          fast.scalars(this.t + sc.n + 1, learningRateAt(fast.where, fast.lr, this.t + sc.n, ctx), this.f64, this.lay.SC / 8 + sc.n * this.K);
        }
      } catch {
        // sc.n steps can run
      }
    }
    return { at: this.lay.SC + first * this.K * 8, n: Math.max(0, Math.min(steps, sc.n - first)) };
  }

  run(epoch: number, shuffleSeed: number): number {
    const { at, n } = this.scalars(epoch);
    if (n === 0) return 0;
    // Parameters changed (or replaced) since `release`, e.g. by a callback, are taken as they are now.
    if (this.released) {
      if (!this.sync(this.net.params, this.lay.P, true)) return 0;
      this.released = false;
    }
    const r = this.epochFn(shuffleSeed, n, at);
    const done = r < 0 ? n : r;
    this.t += done;
    return done;
  }

  total(): number {
    return this.f64[this.lay.TOTAL / 8]!;
  }

  cost(k: number): number {
    return this.f64[this.lay.COSTS / 8 + k]!;
  }

  release(): void {
    if (!this.released) this.sync(this.net.params, this.lay.P, false);
    this.released = true;
  }

  saveState(): void {
    this.state.t = this.t;
    if (this.fast.slots.includes("v")) this.sync(this.state.v!, this.lay.V, false);
    if (this.fast.slots.includes("s")) this.sync(this.state.s!, this.lay.S, false);
  }

  loadState(): void {
    this.t = this.state.t;
    if (this.fast.slots.includes("v")) this.sync(this.state.v!, this.lay.V, true);
    if (this.fast.slots.includes("s")) this.sync(this.state.s!, this.lay.S, true);
  }
}
