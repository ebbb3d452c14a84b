// The backward pass, in the course's formulas for m examples:
//   dZ[L] = A[L] − Y (sigmoid + cross-entropy, softmax + cross-entropy, linear + mse)
//   dW[l] = 1/m dZ[l] A[l−1]ᵀ + λ/m W[l],  db[l] = 1/m Σ_i dZ[l]
//   dA[l−1] = W[l]ᵀ dZ[l] (∗ D[l−1]/keep_prob),  dZ[l−1] = dA[l−1] ∗ g′(Z[l−1])
// Gradients are named like the parameters (W1, b1, …) so optimizers can pair them.
import { ShapeError, ValueError, checkMatrix, checkNamedMatrices, fmtShape } from "../errors";
import type { Params } from "../tensor/params";
import type { RandomState } from "../random/random";
import { Matrix, isMatrix } from "../tensor/matrix";
import { activationBackward, type Activation } from "./activations";
import { batchNormBackward } from "./batchnorm";
import { checkBinaryLabels, computeCost, oneHot } from "./costs";
import { forward, type LayerCache, type Network } from "./model";
import { checkForwardOptions } from "./options";
import { addRegularizationGradients } from "./regularization";
import { buffer, pname, slot, SLOT, type Workspace } from "./workspace";
import { gemmKernel, nt4Kernel, WASM_MIN_MACS } from "../tensor/gemm";

/** dZ[L] for the network's output activation and cost. */
function outputGradient(net: Network, AL: Matrix, Y: Matrix, ZL: Matrix, labelsChecked: boolean, ws?: Workspace): Matrix {
  const out = net.activations[net.activations.length - 1]!;
  const m = AL.cols;
  let Yh = Y;
  if (net.cost === "binary") { if (!labelsChecked) checkBinaryLabels(Y, m, "backward"); }
  else if (net.cost === "softmax") Yh = labelsChecked && Y.rows === AL.rows ? Y : oneHot(Y, AL.rows, "backward");
  else if (Y.rows !== AL.rows || Y.cols !== m) throw new ShapeError(`backward: Y has shape ${fmtShape(Y.rows, Y.cols)}, AL has ${fmtShape(AL.rows, AL.cols)}`);
  const a = AL.data, y = Yh.data;
  const canonical = (net.cost === "binary" && out === "sigmoid") || (net.cost === "softmax" && out === "softmax") || (net.cost === "mse" && out === "linear");
  const dZ = buffer(ws, m, SLOT.dZout, AL.rows, m);
  if (canonical) {
    // The cost's and the activation's derivatives cancel to A − Y.
    for (let k = 0; k < a.length; k++) dZ.data[k] = a[k]! - y[k]!;
    return dZ;
  }
  if (out === "softmax") throw new ValueError(`backward: a softmax output needs the "softmax" cost, got "${net.cost}"`);
  if (net.cost === "softmax") throw new ValueError(`backward: the "softmax" cost needs a softmax output, got "${out}"`);
  // dA[L] = ∂ℓ/∂a, then through g′: −(y/a − (1−y)/(1−a)) for cross-entropy, a − y for mse.
  const dA = new Matrix(AL.rows, m);
  for (let k = 0; k < a.length; k++) dA.data[k] = net.cost === "binary" ? -(y[k]! / a[k]! - (1 - y[k]!) / (1 - a[k]!)) : a[k]! - y[k]!;
  return activationBackward(out, dA, ZL, AL, dA);
}

/** `dZ · Aᵀ / m` and `Σ_j dZ / m` for one layer (fused: one pass per row of dZ). */
function linearGrads(dZ: Matrix, Aprev: Matrix, dW: Matrix, db: Matrix): void {
  const n = dZ.rows, m = dZ.cols, k = Aprev.rows, d = dZ.data, a = Aprev.data;
  const w = dW.data, inv = 1 / m;
  // Large layers: dW on the SIMD kernel, which sums in the same four-partial-sum order as the loop below.
  const simd = n * k * m >= WASM_MIN_MACS && nt4Kernel(n, k, m, d, a, w, inv);
  for (let i = 0; i < n; i++) {
    const di = i * m;
    let s = 0;
    for (let j = 0; j < m; j++) s += d[di + j]!;
    db.data[i] = s * inv;
    if (simd) continue;
    for (let t = 0; t < k; t++) {
      const at = t * m;
      // Four partial sums: independent additions keep the CPU's pipeline full.
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, j = 0;
      for (; j + 4 <= m; j += 4) {
        a0 += d[di + j]! * a[at + j]!;
        a1 += d[di + j + 1]! * a[at + j + 1]!;
        a2 += d[di + j + 2]! * a[at + j + 2]!;
        a3 += d[di + j + 3]! * a[at + j + 3]!;
      }
      for (; j < m; j++) a0 += d[di + j]! * a[at + j]!;
      w[i * k + t] = (a0 + a1 + a2 + a3) * inv;
    }
  }
}

/**
 * `Wᵀ · dZ` (n[l−1] x m) without forming Wᵀ: entry (t, j) is `0 + W[0,t]·dZ[0,j] + W[1,t]·dZ[1,j] + …`
 * in that order (`start` −0 instead begins with the first product, as `backToPrevFused` does).
 * With `gate` (Z[l−1]), relu′ too: `Z > 0 ? (Wᵀ dZ) : 0`, on the SIMD kernel in the product's own pass.
 */
function backToPrev(W: Matrix, dZ: Matrix, dA: Matrix, start = 0, gate?: Float64Array): Matrix {
  const n = W.rows, k = W.cols, m = dZ.cols, w = W.data, d = dZ.data;
  const o = dA.data;
  if (n * k * m >= WASM_MIN_MACS && gemmKernel(k, n, m, { data: w, si: 1, sk: k }, { data: d, si: m, sk: 1 }, o, start, undefined, gate)) return dA;
  o.fill(start);
  for (let i = 0; i < n; i++) {
    const di = i * m;
    for (let t = 0; t < k; t++) {
      const wv = w[i * k + t]!, ot = t * m;
      for (let j = 0; j < m; j++) o[ot + j] += wv * d[di + j]!;
    }
  }
  if (gate) for (let q = 0; q < o.length; q++) { if (!(gate[q]! > 0)) o[q] = 0; }
  return dA;
}

/**
 * `dZ[l−1] = g′(Z[l−1]) ∗ (D[l−1]/keep ∗ W[l]ᵀ dZ[l])` in one pass when layer l has few units
 * (each entry of Wᵀ dZ summed in a register, then masked and multiplied by g′ on the spot).
 */
function backToPrevFused(W: Matrix, dZ: Matrix, out: Matrix, prev: LayerCache, act: Activation, keep: number): Matrix {
  const n = W.rows, k = W.cols, m = dZ.cols, w = W.data, d = dZ.data, o = out.data;
  // Wᵀ dZ, row t of the result = Σ_i W[i, t] · dZ[i, :] (contiguous inner loops); large ones on the
  // SIMD kernel started from −0, which is exactly "begin with the first product", with relu′ in the
  // same pass when no dropout mask comes between.
  const z = prev.Z.data, gated = n * k * m >= WASM_MIN_MACS && act === "relu" && !prev.D;
  if (gated) return backToPrev(W, dZ, out, -0, z);
  if (n * k * m >= WASM_MIN_MACS) backToPrev(W, dZ, out, -0);
  else if (n === 1) for (let t = 0; t < k; t++) {
    const ot = t * m, w0 = w[t]!;
    for (let j = 0; j < m; j++) o[ot + j] = w0 * d[j]!;
  } else for (let t = 0; t < k; t++) {
    // Four entries of the row at a time, each summed over i in a register.
    const ot = t * m;
    let j = 0;
    for (; j + 4 <= m; j += 4) {
      const w0 = w[t]!;
      let c0 = w0 * d[j]!, c1 = w0 * d[j + 1]!, c2 = w0 * d[j + 2]!, c3 = w0 * d[j + 3]!;
      for (let i = 1, di = m + j; i < n; i++, di += m) {
        const wi = w[i * k + t]!;
        c0 += wi * d[di]!; c1 += wi * d[di + 1]!; c2 += wi * d[di + 2]!; c3 += wi * d[di + 3]!;
      }
      o[ot + j] = c0; o[ot + j + 1] = c1; o[ot + j + 2] = c2; o[ot + j + 3] = c3;
    }
    for (; j < m; j++) {
      let c = w[t]! * d[j]!;
      for (let i = 1; i < n; i++) c += w[i * k + t]! * d[i * m + j]!;
      o[ot + j] = c;
    }
  }
  // Then the mask and g′ in one pass, with the activation chosen once, outside the loop.
  const len = k * m, a = prev.A.data;
  if (prev.D) {
    const D = prev.D.data, inv = 1 / keep;
    for (let q = 0; q < len; q++) o[q] = D[q] ? o[q]! * inv : 0;
  }
  if (act === "relu") for (let q = 0; q < len; q++) { if (!(z[q]! > 0)) o[q] = 0; }
  else if (act === "tanh") for (let q = 0; q < len; q++) { const v = a[q]!; o[q] = o[q]! * (1 - v * v); }
  else if (act === "sigmoid") for (let q = 0; q < len; q++) { const v = a[q]!; o[q] = o[q]! * v * (1 - v); }
  return out;
}

/** `caches` is what `forward(net, X).caches` returns for this network: one cache per layer. */
/** AL and Y are matrices (AL not one read as labels, nor labels read as AL's shape). */
function checkOutputs(where: string, AL: unknown, Y: unknown): void {
  checkMatrix(where, "AL", AL);
  checkMatrix(where, "Y", Y);
}

function checkCaches(where: string, net: Network, caches: unknown, AL: unknown): asserts caches is LayerCache[] {
  const L = net.layerDims.length - 1;
  if (!Array.isArray(caches)) {
    const t = typeof caches;
    const got = caches === undefined ? "nothing" : caches === null ? "null" : t === "object" ? "an object (not an array)" : `a ${t}`;
    throw new ValueError(`${where}: caches must be the layer caches of forward(net, X), an array of ${L} (const { AL, caches } = forward(net, X)), got ${got}`);
  }
  if (caches.length !== L) throw new ValueError(`${where}: expected ${L} layer caches, got ${caches.length}`);
  // Caches of another X (another mini-batch) give wrong or NaN gradients without a word.
  const m = isMatrix(AL) ? AL.cols : undefined, Zl = (caches[L - 1] as LayerCache | undefined)?.Z;
  if (m !== undefined && isMatrix(Zl) && Zl.cols !== m) {
    throw new ShapeError(`${where}: the caches are for ${Zl.cols} examples but AL has ${m}; pass the caches forward returned with this AL`);
  }
  // Every Z[l] n[l] x m: the passes read g′ from it by index (the fused ones in WebAssembly, and the
  // output's g′(Z[L]) for a pair like sigmoid scored by mse), so a cache of another shape would give
  // wrong gradients without a word.
  if (m !== undefined) {
    for (let l = 1; l <= L; l++) {
      const Z = (caches[l - 1] as LayerCache | undefined)?.Z, n = net.layerDims[l]!;
      if (isMatrix(Z) && (Z.rows !== n || Z.cols !== m)) throw new ShapeError(`${where}: the cache of layer ${l} has Z${l} of shape ${fmtShape(Z.rows, Z.cols)}, expected ${fmtShape(n, m)} (n[${l}] x m); pass the caches forward returned for this network and X`);
    }
  }
}

/**
 * The L-layer backward pass (the course's `L_model_backward`, with L2/L1 and dropout):
 * returns gradients named like the parameters, `{W1: dW1, b1: db1, …}` (with batch norm `gamma1`, `beta1`).
 * `record`, when given, receives copies of every `dZ${l}` and `dA${l−1}` (see {@link backwardDictionary});
 * without it nothing is copied.
 */
export function backward(net: Network, AL: Matrix, Y: Matrix, caches: LayerCache[], params: Params = net.params, labelsChecked = false, ws?: Workspace, record?: Params): Params {
  if (!labelsChecked) checkOutputs("backward", AL, Y);
  checkCaches("backward", net, caches, AL);
  const L = caches.length;
  const m = AL.cols;
  const grads: Params = ws ? ws.grads(m) : {};
  let dZ = outputGradient(net, AL, Y, caches[L - 1]!.Z, labelsChecked, ws);
  for (let l = L; l >= 1; l--) {
    const c = caches[l - 1]!;
    if (record) record[pname("dZ", l)] = dZ.clone();
    if (c.bn) {
      // dZ is dZ̃ here; batch norm turns it into dZ of W·A (and gives dγ, dβ).
      const r = batchNormBackward(dZ, c.bn);
      grads[`gamma${l}`] = r.dgamma;
      grads[`beta${l}`] = r.dbeta;
      dZ = r.dZ;
    }
    const W = params[pname("W", l)]!;
    const dW = buffer(ws, m, slot(l, SLOT.dW), W.rows, W.cols), db = buffer(ws, m, slot(l, SLOT.db), W.rows, 1);
    linearGrads(dZ, c.Aprev, dW, db);
    grads[pname("W", l)] = dW;
    if (!c.bn) grads[pname("b", l)] = db;
    if (l > 1 && W.rows <= 16 && net.activations[l - 2] !== "softmax" && !record) {
      dZ = backToPrevFused(W, dZ, buffer(ws, m, slot(l, SLOT.dA), W.cols, m), caches[l - 2]!, net.activations[l - 2]!, net.keepProb[l - 2]!);
    } else if (l > 1) {
      const p = caches[l - 2]!;
      // relu′ inside the product's pass, unless a dropout mask comes first or dA itself is recorded.
      if (net.activations[l - 2] === "relu" && !p.D && !record) {
        dZ = backToPrev(W, dZ, buffer(ws, m, slot(l, SLOT.dA), W.cols, m), 0, p.Z.data);
        continue;
      }
      const dA = backToPrev(W, dZ, buffer(ws, m, slot(l, SLOT.dA), W.cols, m));
      if (p.D) {
        const keep = net.keepProb[l - 2]!, inv = 1 / keep, dd = dA.data, D = p.D.data;
        for (let k = 0; k < dd.length; k++) dd[k] = D[k] ? dd[k]! * inv : 0;
      }
      if (record) record[pname("dA", l - 1)] = dA.clone();
      dZ = activationBackward(net.activations[l - 2]!, dA, p.Z, p.A, dA);
    }
  }
  addRegularizationGradients(grads, params, net.lambda, net.l1, m);
  return grads;
}

export interface LossOptions {
  params?: Params;
  /** Default true: dropout and batch statistics on, as in a training step. */
  training?: boolean;
  updateRunning?: boolean;
  rng?: RandomState;
  /** Reuse the training loop's buffers (gradients and caches are overwritten by the next call). */
  workspace?: Workspace;
  /** Y was already validated (the training loop checks the whole set once, not every mini-batch). */
  labelsChecked?: boolean;
  /** X and the parameters were already checked for NaN and ∞ (the training loop checks once). */
  checked?: boolean;
}

/** One forward and backward pass: the cost J (with regularization) and its gradients. */
const LOSS_OPTIONS = ["params", "training", "updateRunning", "rng", "workspace", "labelsChecked", "checked"];

export function lossAndGradients(net: Network, X: Matrix, Y: Matrix, opts: LossOptions = {}): { cost: number; grads: Params; AL: Matrix } {
  if (!opts.checked) checkForwardOptions("lossAndGradients", opts, LOSS_OPTIONS);
  const params = opts.params ?? net.params;
  const fo: Parameters<typeof forward>[2] = { params, training: opts.training ?? true };
  if (opts.updateRunning !== undefined) fo.updateRunning = opts.updateRunning;
  if (opts.rng) fo.rng = opts.rng;
  if (opts.workspace) fo.workspace = opts.workspace;
  if (opts.checked) fo.checked = true;
  else checkMatrix("lossAndGradients", "Y", Y);
  const { AL, caches } = forward(net, X, fo);
  if (Y.cols !== X.cols) throw new ShapeError(`lossAndGradients: X has ${X.cols} examples but Y has ${Y.cols}`);
  const checked = opts.labelsChecked ?? false;
  const cost = computeCost(net, AL, Y, params, checked);
  const grads = backward(net, AL, Y, caches, params, checked, opts.workspace);
  return { cost, grads, AL };
}

/** Gradients under the course's names, `{dW1, db1, …}` (the library names them like the parameters for the optimizers). */
export function courseGradNames(grads: Params): Params {
  checkNamedMatrices("courseGradNames", "grads", grads);
  return Object.fromEntries(Object.entries(grads).map(([k, v]) => [`d${k}`, v]));
}

/**
 * The whole backward pass in the course's names and order, as its `backward_propagation_with_regularization`
 * and `backward_propagation_with_dropout` return it: for l = L … 1, `dZ[l]`, `dW[l] = 1/m dZ[l] A[l−1]ᵀ (+ λ/m W[l])`,
 * `db[l] = 1/m Σ dZ[l]`, then `dA[l−1] = W[l]ᵀ dZ[l]` (masked, `∗ D[l−1] / keep_prob`, with dropout):
 * `{dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1}` for three layers. Training does not pay for
 * the intermediates: only this function asks `backward` to copy them.
 */
export function backwardDictionary(net: Network, AL: Matrix, Y: Matrix, caches: LayerCache[], params: Params = net.params): Params {
  checkOutputs("backwardDictionary", AL, Y);
  checkCaches("backwardDictionary", net, caches, AL);
  const record: Params = {};
  const grads = backward(net, AL, Y, caches, params, false, undefined, record);
  const out: Params = {};
  for (let l = caches.length; l >= 1; l--) {
    out[`dZ${l}`] = record[`dZ${l}`]!;
    for (const name of [`W${l}`, `b${l}`, `gamma${l}`, `beta${l}`]) if (grads[name]) out[`d${name}`] = grads[name]!;
    if (l > 1) out[`dA${l - 1}`] = record[`dA${l - 1}`]!;
  }
  return out;
}

/**
 * The course's cache — `Z1, A1, Z2, A2, …` (and `D1, D2, …` with dropout, A[l] stored after its mask and
 * `/ keep_prob`) — as the layer caches {@link backward} reads, so a backward pass can be run on the
 * course's literal test caches. `X` is A[0].
 */
export function cachesFromDictionary(X: Matrix, cache: Record<string, Matrix>, layers?: number): LayerCache[] {
  checkMatrix("cachesFromDictionary", "X", X);
  checkNamedMatrices("cachesFromDictionary", "cache", cache, "the course's { Z1, A1, Z2, A2, … }");
  const L = layers ?? Object.keys(cache).filter((k) => /^Z\d+$/.test(k)).length;
  if (L < 1) throw new ValueError(`cachesFromDictionary: the cache has no Z1 (keys: ${Object.keys(cache).join(", ") || "none"})`);
  const caches: LayerCache[] = [];
  let Aprev = X;
  for (let l = 1; l <= L; l++) {
    const Z = cache[`Z${l}`], A = cache[`A${l}`];
    if (!Z || !A) throw new ValueError(`cachesFromDictionary: layer ${l} needs Z${l} and A${l} (keys: ${Object.keys(cache).join(", ")})`);
    if (Z.rows !== A.rows || Z.cols !== A.cols) throw new ShapeError(`cachesFromDictionary: Z${l} has shape ${fmtShape(Z.rows, Z.cols)} but A${l} has ${fmtShape(A.rows, A.cols)}`);
    if (Aprev.cols !== Z.cols) throw new ShapeError(`cachesFromDictionary: Z${l} has ${Z.cols} examples but A${l - 1} has ${Aprev.cols}`);
    const c: LayerCache = { Aprev, Z, A };
    const D = cache[`D${l}`];
    if (D) {
      if (D.rows !== A.rows || D.cols !== A.cols) throw new ShapeError(`cachesFromDictionary: D${l} has shape ${fmtShape(D.rows, D.cols)} but A${l} has ${fmtShape(A.rows, A.cols)}`);
      c.D = D;
    }
    caches.push(c);
    Aprev = A;
  }
  return caches;
}
