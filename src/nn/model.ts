// An L-layer fully connected network and its forward pass with caches:
// Z[l] = W[l] A[l−1] + b[l], A[l] = g[l](Z[l]), A[0] = X (features x examples).
import { ShapeError, ValueError, assertFinite, assertInRange, checkRng, checkSeed, assertPositive, checkFiniteData, checkFiniteParams, checkMatrix, checkOptions, fmtShape, isMatrixLike, kindOf } from "../errors";
import { INIT_METHODS, checkLayerDims, initializeParameters, type InitMethod } from "./init";
import type { Params } from "../tensor/params";
import { RandomState } from "../random/random";
import { Matrix } from "../tensor/matrix";
import { activate, checkActivation, type Activation } from "./activations";
import { batchNormForward, updateRunningStats, type BatchNormCache } from "./batchnorm";
import { checkBinaryLabels, oneHot, type CostKind } from "./costs";
import { checkForwardOptions } from "./options";
import { applyDropout, dropoutMask } from "./regularization";
import { buffer, pname, slot, SLOT, type Workspace } from "./workspace";
import { gemmKernel, WASM_MIN_MACS } from "../tensor/gemm";

/** A network: its shape, activations, cost, regularization and parameters. Plain data; `params` is updated by training. */
export interface Network {
  /** [n_x, n[1], …, n[L]]. */
  layerDims: number[];
  /** g[1] … g[L] (index 0 is layer 1). */
  activations: Activation[];
  cost: CostKind;
  /** W1, b1, … (with batch norm: W1, gamma1, beta1, …, WL, bL). */
  params: Params;
  /** L2 strength λ (0: off). */
  lambda: number;
  /** L1 strength λ₁ (0: off). */
  l1: number;
  /** Keep probability of each hidden layer's activations, keepProb[l−1] for A[l], l = 1 … L−1 (1: no dropout). */
  keepProb: number[];
  /** Batch norm on the hidden layers' Z. */
  batchNorm: boolean;
  /** β of the running averages of μ and σ² (batch norm). */
  bnMomentum: number;
  /** ε in √(σ² + ε) (batch norm). */
  bnEpsilon: number;
  /** Running averages for inference: mu1, var1, … (batch norm). */
  running: Params;
  /** Draws the dropout masks (seeded, so runs repeat). */
  rng: RandomState;
  /**
   * When set, the dropout generator is reseeded with this seed at the start of every training forward
   * pass, as the course's `forward_propagation_with_dropout` does (`np.random.seed(1)` inside): every
   * iteration then drops the same units. Off (undefined) by default.
   */
  reseedDropout?: number;
}

export interface NetworkOptions {
  /** Activation of the hidden layers; default "relu". */
  hidden?: Activation;
  /** Activation of the output layer; default "sigmoid". */
  output?: Activation;
  /** One activation per layer (overrides hidden/output). */
  activations?: Activation[];
  /** Default: "binary" for sigmoid output, "softmax" for softmax, "mse" otherwise. */
  cost?: CostKind;
  /** Initializer; default "he". */
  init?: InitMethod;
  /** Scale for init "random". */
  initScale?: number;
  /** Seed of the initializer's generator (default 3); or pass `rng`. */
  seed?: number;
  rng?: RandomState;
  /** Start from these parameters instead of initializing. */
  params?: Params;
  lambda?: number;
  l1?: number;
  /** One keep probability for every hidden layer, or one per hidden layer (length L−1). */
  keepProb?: number | number[];
  batchNorm?: boolean;
  bnMomentum?: number;
  bnEpsilon?: number;
  /** Seed of the dropout generator (default 1, as the course's dropout code). */
  dropoutSeed?: number;
  /**
   * Reseed the dropout generator with `dropoutSeed` at every training forward pass, as the course's
   * `forward_propagation_with_dropout` does, so its training runs are reproduced: the same masks at
   * every iteration (a teaching replica: a real network needs fresh masks, or it trains one thinned
   * network, not an ensemble). Default false.
   */
  reseedDropout?: boolean;
}

/** Build a network: `createNetwork([2, 5, 2, 1], {hidden: "relu", output: "sigmoid", init: "he", seed: 3})`. */
export function createNetwork(layerDims: number[], opts: NetworkOptions = {}): Network {
  checkLayerDims(layerDims, "createNetwork");
  checkOptions("createNetwork", opts, NETWORK_OPTIONS, '{ hidden: "relu", output: "sigmoid", init: "he", seed: 3 }');
  const L = layerDims.length - 1;
  const activations = opts.activations ?? [...Array(L - 1).fill(opts.hidden ?? "relu"), opts.output ?? "sigmoid"];
  if (activations.length !== L) {
    throw new ValueError(`createNetwork: ${L} layers need ${L} activations, got ${activations.length} (${JSON.stringify(activations)})`);
  }
  activations.forEach((a, l) => checkActivation(a, `createNetwork (layer ${l + 1})`));
  activations.slice(0, -1).forEach((a, l) => {
    if (a === "softmax") throw new ValueError(`createNetwork: softmax is for the output layer only, got it at layer ${l + 1}`);
  });
  const out = activations[L - 1]!;
  const cost: CostKind = opts.cost ?? (out === "sigmoid" ? "binary" : out === "softmax" ? "softmax" : "mse");
  if (cost !== "binary" && cost !== "softmax" && cost !== "mse") {
    throw new ValueError(`createNetwork: unknown cost ${kindOf(cost)}; expected "binary", "softmax" or "mse"`);
  }
  // One softmax unit outputs exactly 1 for every input: it can never learn.
  if (out === "softmax" && layerDims[L] === 1) {
    throw new ValueError(`createNetwork: a softmax output needs at least 2 units (one softmax unit always outputs 1); for two classes use 1 sigmoid unit, or 2 softmax units`);
  }
  // Both given: which one was meant? (activations used to win without a word.)
  if (opts.activations && (opts.hidden !== undefined || opts.output !== undefined)) {
    throw new ValueError(`createNetwork: give either activations (one per layer) or hidden/output, not both`);
  }
  if (opts.params && (opts.seed !== undefined || opts.rng !== undefined || opts.init !== undefined || opts.initScale !== undefined)) {
    const unused = ["seed", "rng", "init", "initScale"].filter((k) => opts[k as keyof NetworkOptions] !== undefined);
    throw new ValueError(`createNetwork: params are used as given, so ${unused.join(", ")} would do nothing; leave ${unused.length === 1 ? "it" : "them"} out`);
  }
  // −Σ y·log a is softmax's cost: backward's A − Y is its gradient only through a softmax output.
  if (cost === "softmax" && out !== "softmax") {
    throw new ValueError(`createNetwork: the softmax cost (categorical cross-entropy) needs a softmax output layer, got output "${out}"`);
  }
  if (cost === "binary" && layerDims[L] !== 1) {
    throw new ValueError(`createNetwork: the binary cross-entropy cost needs 1 output unit, layerDims ends with ${layerDims[L]}`);
  }
  const lambda = opts.lambda ?? 0, l1 = opts.l1 ?? 0;
  assertInRange("lambda", lambda, 0, Infinity, "[)", "createNetwork");
  assertInRange("l1", l1, 0, Infinity, "[)", "createNetwork");
  const kp = opts.keepProb ?? 1;
  const keepProb = Array.isArray(kp) ? kp.slice() : Array(L - 1).fill(kp);
  if (keepProb.length !== L - 1) {
    throw new ValueError(`createNetwork: keepProb needs one value per hidden layer (${L - 1}), got ${keepProb.length}`);
  }
  keepProb.forEach((p, l) => assertInRange(`keepProb[${l}] (layer ${l + 1})`, p, 0, 1, "(]", "createNetwork"));
  const batchNorm = opts.batchNorm ?? false;
  if (typeof batchNorm !== "boolean") throw new ValueError(`createNetwork: batchNorm must be true or false, got ${kindOf(batchNorm)}`);
  const bnMomentum = opts.bnMomentum ?? 0.9, bnEpsilon = opts.bnEpsilon ?? 1e-5;
  assertInRange("bnMomentum", bnMomentum, 0, 1, "[)", "createNetwork");
  assertPositive("bnEpsilon", bnEpsilon, "createNetwork");
  // The initializer's options, checked here so a message names createNetwork and its option names (init, initScale).
  const method = opts.init ?? "he";
  if (!INIT_METHODS.includes(method)) {
    throw new ValueError(`createNetwork: unknown init ${typeof method === "string" ? JSON.stringify(method) : kindOf(method)}; expected one of ${INIT_METHODS.map((m) => `"${m}"`).join(", ")}`);
  }
  if (opts.initScale !== undefined) assertInRange("initScale", opts.initScale, 0, Infinity, "()", "createNetwork");
  checkSeed("createNetwork", opts.seed);
  checkRng("createNetwork", opts.rng);
  checkSeed("createNetwork", opts.dropoutSeed, "dropoutSeed");
  const initOpts: Parameters<typeof initializeParameters>[1] = { method, batchNorm, rng: opts.rng, seed: opts.seed, scale: opts.initScale };
  const params = opts.params ?? initializeParameters(layerDims, initOpts);
  const net: Network = {
    layerDims: layerDims.slice(), activations, cost, params, lambda, l1, keepProb, batchNorm, bnMomentum, bnEpsilon,
    running: {}, rng: new RandomState(opts.dropoutSeed ?? 1),
  };
  if (opts.reseedDropout) net.reseedDropout = opts.dropoutSeed ?? 1;
  checkParams(net, params, "createNetwork");
  checkFiniteParams("createNetwork", params);
  if (batchNorm) {
    for (let l = 1; l < L; l++) {
      net.running[`mu${l}`] = new Matrix(layerDims[l]!, 1);
      net.running[`var${l}`] = new Matrix(layerDims[l]!, 1, new Float64Array(layerDims[l]!).fill(1));
    }
  }
  return net;
}

const NETWORK_OPTIONS = ["hidden", "output", "activations", "cost", "init", "initScale", "seed", "rng", "params", "lambda", "l1",
  "keepProb", "batchNorm", "bnMomentum", "bnEpsilon", "dropoutSeed", "reseedDropout"] as const;

/** Throw unless `net` is a network made by createNetwork (a learner may pass the arguments in the wrong order). */
export function checkNetwork(net: unknown, where: string): asserts net is Network {
  const n = net as Partial<Network> | null | undefined;
  if (isMatrixLike(net) || !Array.isArray(n?.layerDims) || typeof n?.params !== "object" || n.params === null) {
    throw new ValueError(`${where}: net must be a network made by createNetwork([…]), got ${kindOf(net)}`);
  }
}

/** True when dropout is on in some layer: the cost then changes from one evaluation to the next. */
export function usesDropout(net: Network): boolean {
  checkNetwork(net, "usesDropout");
  return net.keepProb.some((p) => p < 1);
}

/** Throw unless every parameter the network needs is present with the right shape. */
export function checkParams(net: Network, params: Params, where: string): void {
  const dims = net.layerDims, L = dims.length - 1;
  if (typeof params !== "object" || params === null || isMatrixLike(params)) {
    throw new ValueError(`${where}: params must be an object of named matrices like { W1, b1, W2, b2 }, got ${kindOf(params)}`);
  }
  const expect = (name: string, r: number, c: number): void => {
    const p = params[name];
    if (!p) throw new ValueError(`${where}: parameter ${name} is missing (have ${Object.keys(params).join(", ") || "none"})`);
    if (!isMatrixLike(p)) throw new ValueError(`${where}: parameter ${name} must be a Matrix, got ${kindOf(p)}`);
    if (p.rows !== r || p.cols !== c) {
      throw new ShapeError(`${where}: ${name} has shape ${fmtShape(p.rows, p.cols)}, but layer sizes ${JSON.stringify(dims)} need ${fmtShape(r, c)}`);
    }
  };
  for (let l = 1; l <= L; l++) {
    expect(`W${l}`, dims[l]!, dims[l - 1]!);
    if (net.batchNorm && l < L) {
      expect(`gamma${l}`, dims[l]!, 1);
      expect(`beta${l}`, dims[l]!, 1);
    } else expect(`b${l}`, dims[l]!, 1);
  }
}

// Reseeding before every pass draws the same masks every time (they depend only on the seed, the
// layer sizes, m and keep_prob), so they are drawn once per network and shape and reused.
const maskCache = new WeakMap<Network, { key: string; masks: Matrix[] }>();

/** The masks `np.random.seed(seed)` then `rand(n[l], m) < keep_prob` for l = 1 … L−1 gives, as the course's reseeding dropout draws them. */
function reseededMasks(net: Network, m: number): Matrix[] {
  const key = JSON.stringify([net.reseedDropout, m, net.layerDims, net.keepProb]);
  const hit = maskCache.get(net);
  if (hit && hit.key === key) return hit.masks;
  net.rng.seed(net.reseedDropout!);
  const masks: Matrix[] = [];
  for (let l = 1; l < net.layerDims.length - 1; l++) {
    const keep = net.keepProb[l - 1]!;
    masks.push(keep < 1 ? dropoutMask(net.rng, net.layerDims[l]!, m, keep) : new Matrix(0, 0));
  }
  maskCache.set(net, { key, masks });
  return masks;
}

/** One layer's cache for the backward pass. */
export interface LayerCache {
  /** A[l−1], the layer's input (after the previous layer's dropout). */
  Aprev: Matrix;
  /** The pre-activation g is applied to (Z[l], or Z̃[l] = γ Z_norm + β with batch norm). */
  Z: Matrix;
  /** g(Z), before dropout. */
  A: Matrix;
  /** The dropout mask D[l] (1 keep, 0 drop), when dropout was applied. */
  D?: Matrix;
  bn?: BatchNormCache;
}

export interface ForwardOptions {
  /** Use these parameters instead of `net.params` (gradient checking perturbs them). */
  params?: Params;
  /** Training mode: dropout on, batch statistics. Default false (test time: no dropout, running averages). */
  training?: boolean;
  /** Update batch norm's running averages (default: same as `training`). */
  updateRunning?: boolean;
  /** Generator for the dropout masks; default `net.rng`. */
  rng?: RandomState;
  /** Reuse these buffers (the training loop's; the caches are overwritten by the next call). */
  workspace?: Workspace;
  /** X and the parameters were already checked for NaN and ∞ (the training loop checks once, not every step). */
  checked?: boolean;
}

/** Throw unless X is an n_x x m Matrix with m ≥ 1 (and, with `finite`, no NaN or ∞, named by feature and example). */
export function checkInput(net: Network, X: Matrix, where: string, finite: boolean, name = "X"): void {
  checkNetwork(net, where);
  checkMatrix(where, name, X);
  if (X.rows !== net.layerDims[0]) {
    throw new ShapeError(`${where}: X has ${X.rows} rows (features) but the network's input size is layerDims[0] = ${net.layerDims[0]}; X must be features x examples, got ${fmtShape(X.rows, X.cols)}`);
  }
  if (X.cols === 0) throw new ValueError(`${where}: X has no examples (0 columns); the data set is empty`);
  if (finite) checkFiniteData(where, name, X, "feature", "example");
}

/**
 * `Z = W · A + b` (b broadcast along the columns), in one pass over Z: each entry is
 * `b[i] + W[i,0]·A[0,j] + W[i,1]·A[1,j] + …`, summed in that order whichever loop runs it.
 * With `reluOut`, also writes `relu(Z)` there in the same pass.
 */
export function linearForward(A: Matrix, W: Matrix, b?: Matrix, out?: Matrix, reluOut?: Matrix): Matrix {
  checkMatrix("linearForward", "A", A);
  checkMatrix("linearForward", "W", W);
  const n = W.rows, k = W.cols, m = A.cols;
  if (A.rows !== k) throw new ShapeError(`linearForward: W has shape ${fmtShape(n, k)} but A[l−1] has ${fmtShape(A.rows, m)}`);
  if (b !== undefined) {
    checkMatrix("linearForward", "b", b);
    if (b.rows !== n || b.cols !== 1) throw new ShapeError(`linearForward: b must be ${fmtShape(n, 1)}, one bias per row of W ${fmtShape(n, k)}, got ${fmtShape(b.rows, b.cols)}`);
  }
  const Z = out ?? new Matrix(n, m), z = Z.data, w = W.data, a = A.data;
  // Large layers: the SIMD kernel, C started from b.
  if (n * k * m >= WASM_MIN_MACS
    && gemmKernel(n, k, m, { data: w, si: k, sk: 1 }, { data: a, si: m, sk: 1 }, z, b ? b.data : 0, reluOut?.data)) return Z;
  if (k <= 16) {
    // Few inputs (the lessons' layers): one pass over Z, each entry summed in a register,
    // four columns at a time so that each W[i, t] is read once for four entries.
    const r = reluOut?.data;
    for (let i = 0; i < n; i++) {
      const zi = i * m, wi = i * k, bi = b ? b.data[i]! : 0;
      let j = 0;
      for (; j + 4 <= m; j += 4) {
        let c0 = bi, c1 = bi, c2 = bi, c3 = bi;
        for (let t = 0, at = j; t < k; t++, at += m) {
          const wt = w[wi + t]!;
          c0 += wt * a[at]!; c1 += wt * a[at + 1]!; c2 += wt * a[at + 2]!; c3 += wt * a[at + 3]!;
        }
        const q = zi + j;
        z[q] = c0; z[q + 1] = c1; z[q + 2] = c2; z[q + 3] = c3;
        if (r) { r[q] = c0 > 0 ? c0 : 0; r[q + 1] = c1 > 0 ? c1 : 0; r[q + 2] = c2 > 0 ? c2 : 0; r[q + 3] = c3 > 0 ? c3 : 0; }
      }
      for (; j < m; j++) {
        let acc = bi;
        for (let t = 0; t < k; t++) acc += w[wi + t]! * a[t * m + j]!;
        z[zi + j] = acc;
        if (r) r[zi + j] = acc > 0 ? acc : 0;
      }
    }
    return Z;
  } else {
    for (let i = 0; i < n; i++) {
      const zi = i * m, bi = b ? b.data[i]! : 0;
      for (let j = 0; j < m; j++) z[zi + j] = bi;
      for (let t = 0; t < k; t++) {
        const wv = w[i * k + t]!, at = t * m;
        for (let j = 0; j < m; j++) z[zi + j] += wv * a[at + j]!;
      }
    }
  }
  if (reluOut) activate("relu", Z, reluOut);
  return Z;
}

/**
 * The L-layer forward pass (the course's `L_model_forward`): for l = 1 … L,
 * `Z[l] = W[l] A[l−1] + b[l]`, `A[l] = g[l](Z[l])`; in training, hidden layers apply
 * inverted dropout `D = rand < keep_prob; A = A ∗ D / keep_prob` and batch norm uses batch statistics.
 */
const FORWARD_OPTIONS = ["params", "training", "updateRunning", "rng", "workspace", "checked"];

export function forward(net: Network, X: Matrix, opts: ForwardOptions = {}): { AL: Matrix; caches: LayerCache[] } {
  if (!opts.checked) checkForwardOptions("forward", opts, FORWARD_OPTIONS);
  checkInput(net, X, "forward", !opts.checked);
  const params = opts.params ?? net.params;
  if (!opts.checked) {
    checkParams(net, params, "forward");
    checkFiniteParams("forward", params);
  }
  const training = opts.training ?? false;
  const updateRunning = opts.updateRunning ?? training;
  const rng = opts.rng ?? net.rng;
  const fixedMasks = training && net.reseedDropout !== undefined && !opts.rng ? reseededMasks(net, X.cols) : undefined;
  const ws = opts.workspace, m = X.cols;
  const L = net.layerDims.length - 1;
  const caches: LayerCache[] = [];
  let A = X;
  for (let l = 1; l <= L; l++) {
    const W = params[pname("W", l)];
    if (!W) throw new ValueError(`forward: parameter W${l} is missing`);
    if (W.cols !== A.rows) throw new ShapeError(`forward: W${l} has shape ${fmtShape(W.rows, W.cols)} but A[${l - 1}] has ${A.rows} rows`);
    const bn = net.batchNorm && l < L;
    let Z: Matrix;
    let fused: Matrix | undefined;
    let bnCache: BatchNormCache | undefined;
    if (bn) {
      const gamma = params[`gamma${l}`], beta = params[`beta${l}`];
      if (!gamma || !beta) throw new ValueError(`forward: batch norm layer ${l} needs gamma${l} and beta${l}`);
      const Zlin = linearForward(A, W);
      const running = { mu: net.running[`mu${l}`]!, var: net.running[`var${l}`]! };
      const r = batchNormForward(Zlin, gamma, beta, net.bnEpsilon, training ? undefined : running);
      if (training && updateRunning) updateRunningStats(running, r.stats, net.bnMomentum);
      Z = r.out;
      bnCache = r.cache;
    } else {
      const b = params[pname("b", l)];
      if (!b) throw new ValueError(`forward: parameter b${l} is missing`);
      const act = net.activations[l - 1]!;
      // relu is fused into the product's pass over Z (A[l] written beside Z[l]).
      if (act === "relu") fused = buffer(ws, m, slot(l, SLOT.A), W.rows, m);
      Z = linearForward(A, W, b, ws && buffer(ws, m, slot(l, SLOT.Z), W.rows, m), fused);
    }
    const G = fused ?? activate(net.activations[l - 1]!, Z, ws && buffer(ws, m, slot(l, SLOT.A), Z.rows, m));
    const cache: LayerCache = { Aprev: A, Z, A: G };
    if (bnCache) cache.bn = bnCache;
    let Aout = G;
    const keep = l < L ? net.keepProb[l - 1]! : 1;
    if (training && keep < 1) {
      const D = fixedMasks ? fixedMasks[l - 1]! : dropoutMask(rng, G.rows, G.cols, keep);
      Aout = applyDropout(G.clone(), D, keep);
      cache.D = D;
    }
    caches.push(cache);
    A = Aout;
  }
  return { AL: A, caches };
}

/** Predictions at test time (no dropout): 0/1 labels `ŷ = [a > 0.5]` (binary), class indices (softmax), or the outputs (mse). */
export function predict(net: Network, X: Matrix, params?: Params): Matrix {
  checkInput(net, X, "predict", true);
  checkParams(net, params ?? net.params, "predict");
  checkFiniteParams("predict", params ?? net.params);
  const { AL } = forward(net, X, params ? { params, checked: true } : { checked: true });
  if (net.cost === "binary") {
    const P = new Matrix(1, AL.cols);
    for (let j = 0; j < AL.cols; j++) P.data[j] = AL.data[j]! > 0.5 ? 1 : 0;
    return P;
  }
  if (net.cost === "softmax") {
    const P = new Matrix(1, AL.cols);
    for (let j = 0; j < AL.cols; j++) {
      let best = 0;
      for (let i = 1; i < AL.rows; i++) if (AL.data[i * AL.cols + j]! > AL.data[best * AL.cols + j]!) best = i;
      P.data[j] = best;
    }
    return P;
  }
  return AL;
}

/** Fraction of examples predicted right, `mean(ŷ == y)` (Y as 1 x m labels, or one-hot for softmax). */
export function accuracy(net: Network, X: Matrix, Y: Matrix, params?: Params): number {
  checkNetwork(net, "accuracy");
  if (net.cost === "mse") throw new ValueError("accuracy: a network with the mse cost makes no class predictions");
  checkMatrix("accuracy", "Y", Y);
  const P = predict(net, X, params);
  let labels = Y;
  const C = net.layerDims[net.layerDims.length - 1]!;
  const oneHotY = net.cost === "softmax" && Y.rows === C && C > 1;
  if ((!oneHotY && Y.rows !== 1) || Y.cols !== P.cols) {
    throw new ShapeError(`accuracy: Y has shape ${fmtShape(Y.rows, Y.cols)}, expected ${fmtShape(1, P.cols)} labels`);
  }
  // Labels a prediction can never equal (2, −1, 0.5, a class ≥ C) would count as wrong without a word.
  if (net.cost === "softmax") oneHot(Y, C, "accuracy");
  else checkBinaryLabels(Y, P.cols, "accuracy");
  if (oneHotY) {
    labels = new Matrix(1, Y.cols);
    for (let j = 0; j < Y.cols; j++) for (let i = 0; i < Y.rows; i++) if (Y.data[i * Y.cols + j] === 1) labels.data[j] = i;
  }
  let right = 0;
  for (let j = 0; j < P.cols; j++) if (P.data[j] === labels.data[j]) right++;
  return right / P.cols;
}
