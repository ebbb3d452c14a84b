// The training loop, the course's way: each epoch reshuffles the examples
// into mini-batches (seed + 1 every epoch), takes one optimizer step per
// mini-batch, and records the epoch's average cost.
import { ShapeError, ValueError, assertInRange, assertInt, checkFiniteData, checkFiniteParams, checkMatrix, checkOptions, kindOf, nonFiniteName } from "../errors";
import type { MiniBatch } from "./minibatch";
import { RandomState } from "../random/random";
import { applyUpdatesInPlace } from "../optim/apply";
import { trustParams } from "../optim/validate";
import type { InPlaceOptimizer, Optimizer } from "../optim/types";
import type { LearningRate } from "../optim/validate";
import { isSchedule, type Schedule } from "../optim/schedules";
import type { Params } from "../tensor/params";
import { Matrix } from "../tensor/matrix";
import { gatherColsInto, sliceColsInto } from "../tensor/slice";
import { lossAndGradients } from "./backward";
import { checkBinaryLabels, computeCost, oneHot } from "./costs";
import { checkInput, checkNetwork, checkParams, forward, type Network } from "./model";
import { SLOT, Workspace } from "./workspace";
import { wasmTraining, type WasmTraining } from "./wasm-training";

/** What the per-epoch callback sees. */
export interface EpochInfo {
  /** 0-based epoch number. */
  epoch: number;
  /** Average training cost over this epoch's mini-batches (weighted by their sizes). */
  cost: number;
  /** Cost on the dev set after this epoch (when a dev set was given). */
  devCost?: number;
  net: Network;
}

export interface TrainOptions {
  /**
   * An optimizer (`adam({learningRate: 0.0007})`), or a factory given the `schedule`
   * (`(lr) => adam({learningRate: lr})`) so the learning rate can decay per epoch.
   */
  optimizer: Optimizer | ((learningRate: LearningRate) => Optimizer);
  /** Learning rate or schedule handed to an optimizer factory (the contract passes `{epoch}` to every update). */
  schedule?: LearningRate;
  /**
   * When a per-epoch schedule's rate is computed. "epoch-start" (default): epoch e trains with `schedule(e)`.
   * "epoch-end": as the course's `model()`, which sets `learning_rate = decay(learning_rate0, i, …)` after
   * epoch i, so epoch 0 trains with `schedule(0)` and epoch e ≥ 1 with `schedule(e − 1)`.
   */
  scheduleAt?: "epoch-start" | "epoch-end";
  /** Default 1000. */
  epochs?: number;
  /** Mini-batch size (default 64); `Infinity` or ≥ m for batch gradient descent (no shuffling). */
  batchSize?: number;
  /** Mini-batch seed: epoch e shuffles with `seed + e + 1`, as the course's `seed = seed + 1` before each epoch. Default 10 (the course's). */
  seed?: number;
  /** A dev set: its cost is recorded every epoch (test mode: no dropout). */
  dev?: { X: Matrix; Y: Matrix };
  /** Stop when the dev cost has not improved by `minDelta` for `patience` epochs; the best parameters are restored. */
  earlyStopping?: { patience: number; minDelta?: number; restoreBest?: boolean };
  /** Called after every epoch (progress bars, live plots); return `false` to stop. */
  onEpoch?: (info: EpochInfo) => void | boolean;
  /**
   * What to do when a mini-batch's cost becomes ∞ or NaN: "stop" (default) throws a
   * {@link TrainingDivergedError} naming the epoch and the step, with the costs so far on it;
   * "warn" warns once and trains on through ∞ (as the course's ×10 initialization does), and the
   * result says where in `diverged`. NaN always stops: the numbers are lost.
   * The dev-set cost follows the same policy: ∞ or NaN there (the network certain and wrong on a
   * dev example while the training cost is finite) stops the run, or with "warn" is warned about
   * once and flagged in `devDiverged`; training goes on even through NaN, since the dev cost
   * never feeds an update.
   */
  onDiverge?: "stop" | "warn";
}

/** Where a run's cost first became ∞ or NaN. */
export interface Divergence {
  /** 0-based epoch. */
  epoch: number;
  /** 0-based mini-batch within the epoch. */
  batch: number;
  /** Updates made before it (0: the starting parameters already gave it). */
  step: number;
  cost: number;
  /** "dev" when it was the dev-set cost, measured after the epoch (absent for the training cost). */
  on?: "dev";
}

/** Training stopped because the cost became ∞ or NaN; `result` holds the run up to that point. */
export class TrainingDivergedError extends ValueError {
  override name = "TrainingDivergedError";
  constructor(message: string, readonly result: TrainResult, readonly divergence: Divergence) {
    super(message);
  }
}

export interface TrainResult {
  /** Average training cost of each epoch. */
  costs: number[];
  /** Dev cost after each epoch (empty without a dev set). */
  devCosts: number[];
  /** Epochs run. */
  epochs: number;
  /** Epoch with the lowest dev cost (or training cost without a dev set). */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** The optimizer's final state (moments, t). */
  state: unknown;
  /** The trained parameters (also in `net.params`). */
  params: Params;
  /** Set when the cost became ∞ (with `onDiverge: "warn"`): where it first did. */
  diverged?: Divergence;
  /** Set when the dev-set cost became ∞ or NaN (with `onDiverge: "warn"`): the first epoch it did. */
  devDiverged?: Divergence;
}

const TRAIN_OPTIONS = ["optimizer", "schedule", "scheduleAt", "epochs", "batchSize", "seed", "dev", "earlyStopping", "onEpoch", "onDiverge"] as const;

/** The message for a cost of ∞ or NaN at mini-batch `batch` of `epoch`, with the likely cause. */
function divergenceMessage(d: Divergence, batches: number, optimizer: string, gradient?: string, warned = false): string {
  const what = gradient ? `a gradient became non-finite (${gradient})` : `the cost became ${nonFiniteName(d.cost)}`;
  const where = `at epoch ${d.epoch}, mini-batch ${d.batch + 1} of ${batches} (after ${d.step} update${d.step === 1 ? "" : "s"})`;
  // onDiverge: "warn" trains on through a cost of ∞ only; a NaN or a non-finite gradient always stops.
  // (Not said in the warning that onDiverge: "warn" itself prints.)
  const warnHelps = gradient === undefined && d.cost === Infinity && !warned;
  const cause = d.step === 0
    ? `The starting parameters already give it: the initialization is so large that the output saturates (a sigmoid returning exactly 0 or 1, and log 0 = −∞). Use a smaller initialization such as init: "he"${warnHelps ? ', or pass onDiverge: "warn" to train on through it' : ""}.`
    : `The likely cause: the learning rate of ${optimizer} is too large for this initialization, so each update overshoots and the parameters grow without bound. Try a learning rate 10 times smaller.`;
  const then = warned ? "Training goes on (onDiverge: \"warn\")." : "The costs of the epochs before it are in error.result.costs.";
  return `train: ${what} ${where}. ${cause} ${then}`;
}

/** The message for a dev-set cost of ∞ or NaN after `epoch`, while the training cost was `trainCost`. */
function devDivergenceMessage(d: Divergence, trainCost: number, stop: boolean): string {
  const cause = Number.isNaN(d.cost)
    ? "The network's output on a dev example is not a number, so its parameters have grown too large to evaluate: try a learning rate 10 times smaller."
    : "The network is certain and wrong on at least one dev example (an output of exactly 0 or 1 where the label is the other, and log 0 = −∞): its weights have grown large, from a learning rate too large or from overfitting the training set. Try a smaller learning rate, L2 regularization (lambda) or early stopping; the dev accuracy can still be read with accuracy(net, dev.X, dev.Y).";
  const then = stop
    ? " The costs of the epochs before it are in error.result.costs; pass onDiverge: \"warn\" to train on and see the dev cost as it is."
    : " Training goes on (onDiverge: \"warn\"); result.devDiverged says where.";
  return `train: the dev-set cost became ${nonFiniteName(d.cost)} after epoch ${d.epoch} (after ${d.step} update${d.step === 1 ? "" : "s"}), while the training cost was ${trainCost.toPrecision(4)}. ${cause}${then}`;
}

/** `np.random.seed(seed); np.random.permutation(m)`, reseeding one generator and refilling one array (no garbage per epoch). */
function shuffledOrder(rng: RandomState, perm: Int32Array, seed: number): Int32Array {
  for (let k = 0; k < perm.length; k++) perm[k] = k;
  rng.seed(seed).shuffle(perm);
  return perm;
}

/** `schedule` as the course's loop applies it: recomputed after epoch e − 1, so epoch e trains with schedule(max(0, e − 1)). */
function setAfterEachEpoch(schedule: LearningRate | undefined): LearningRate {
  // A constant rate is the same whenever it is set.
  if (typeof schedule === "number" || schedule === undefined) return schedule ?? 0.01;
  if (!isSchedule(schedule)) throw new ValueError('train: scheduleAt "epoch-end" needs a per-epoch schedule, e.g. { optimizer: (lr) => sgd({ learningRate: lr }), schedule: scheduleLrDecay({ learningRate: 0.1, decayRate: 1 }), scheduleAt: "epoch-end" }');
  if (schedule.per !== "epoch") throw new ValueError(`train: scheduleAt "epoch-end" applies to per-epoch schedules; ${schedule.label} counts steps`);
  const s = schedule;
  return Object.assign((e: number) => s(Math.max(0, e - 1)), { per: "epoch" as const, label: `${s.label}, set at the end of each epoch` }) as Schedule;
}

const isInPlace = (o: Optimizer): o is InPlaceOptimizer => typeof (o as InPlaceOptimizer).step === "function";

/**
 * Train `net` on (X, Y): for each epoch, `randomMiniBatches(X, labels, batchSize, seed + epoch + 1)`, then per
 * mini-batch forward, cost, backward and one optimizer update (`W = W + update`). Changes `net.params`.
 */
export function train(net: Network, data: { X: Matrix; Y: Matrix }, opts: TrainOptions): TrainResult {
  // Everything is checked here, once: the steps below trust X, Y and the parameters.
  checkNetwork(net, "train");
  if (typeof data !== "object" || data === null || !("X" in data) || !("Y" in data)) {
    throw new ValueError(`train: data must be { X, Y } (X features x examples, Y labels 1 x examples), got ${kindOf(data)}`);
  }
  if (opts === undefined) throw new ValueError("train: options are required, at least an optimizer: train(net, data, { optimizer: adam({ learningRate: 0.0007 }) })");
  checkOptions("train", opts, TRAIN_OPTIONS, "{ optimizer: adam({ learningRate: 0.0007 }), epochs: 1000, batchSize: 64 }");
  const onDiverge = opts.onDiverge ?? "stop";
  if (onDiverge !== "stop" && onDiverge !== "warn") throw new ValueError(`train: onDiverge must be "stop" or "warn", got ${kindOf(onDiverge)}`);
  const { X, Y } = data;
  checkInput(net, X, "train", true);
  checkMatrix("train", "Y", Y);
  checkFiniteData("train", "Y", Y, "row", "example");
  checkParams(net, net.params, "train");
  checkFiniteParams("train", net.params);
  if (Y.cols !== X.cols) throw new ShapeError(`train: X has ${X.cols} examples but Y has ${Y.cols}`);
  const epochs = opts.epochs ?? 1000;
  assertInt("epochs", epochs, 0, Number.MAX_SAFE_INTEGER, "train");
  const batchSize = opts.batchSize ?? 64;
  if (batchSize !== Infinity) assertInt("batchSize", batchSize, 1, Number.MAX_SAFE_INTEGER, "train");
  const seed = opts.seed ?? 10;
  // Epoch e shuffles with seed + e + 1, a numpy seed: say so here, not as seed(2.5) failing at the first epoch.
  if (!Number.isInteger(seed) || seed < -1 || seed + epochs > 0xffffffff) {
    throw new ValueError(`train: seed must be an integer from -1 to ${0xffffffff - epochs} (epoch e shuffles with numpy's seed(seed + e + 1), an integer in [0, 2^32 − 1]), got ${kindOf(seed)}`);
  }
  if (!opts.optimizer) throw new ValueError("train: an optimizer is required, e.g. { optimizer: adam({ learningRate: 0.0007 }) }");
  let optimizer: Optimizer;
  if (opts.scheduleAt !== undefined && opts.scheduleAt !== "epoch-start" && opts.scheduleAt !== "epoch-end") {
    throw new ValueError(`train: scheduleAt must be "epoch-start" or "epoch-end", got ${JSON.stringify(opts.scheduleAt)}`);
  }
  if (typeof opts.optimizer === "function") optimizer = opts.optimizer(opts.scheduleAt === "epoch-end" ? setAfterEachEpoch(opts.schedule) : (opts.schedule ?? 0.01));
  else {
    if (opts.schedule !== undefined) throw new ValueError("train: a schedule needs an optimizer factory, e.g. { optimizer: (lr) => adam({ learningRate: lr }), schedule }, or give the schedule to the optimizer itself");
    optimizer = opts.optimizer;
  }
  if (typeof optimizer.init !== "function" || typeof optimizer.update !== "function") {
    throw new ValueError(`train: optimizer must be an optimizer such as adam({ learningRate: 0.001 }) (with init(params) and update(grads, state, params, ctx)), got ${kindOf(optimizer)}`);
  }
  const es = opts.earlyStopping;
  if (es) {
    if (!opts.dev) throw new ValueError("train: earlyStopping watches the dev cost; pass a dev set { dev: { X, Y } }");
    checkOptions("train: earlyStopping", es, ["patience", "minDelta", "restoreBest"], "{ patience: 5, minDelta: 0, restoreBest: true }");
    assertInt("earlyStopping.patience", es.patience, 1, Number.MAX_SAFE_INTEGER, "train");
    if (es.minDelta !== undefined) assertInRange("earlyStopping.minDelta", es.minDelta, 0, Infinity, "[)", "train");
    if (es.restoreBest !== undefined && typeof es.restoreBest !== "boolean") throw new ValueError(`train: earlyStopping.restoreBest must be true or false, got ${kindOf(es.restoreBest)}`);
  }
  if (opts.onEpoch !== undefined && typeof opts.onEpoch !== "function") {
    throw new ValueError(`train: onEpoch must be a function ({ epoch, cost, devCost }) => void | false, called after every epoch, got ${kindOf(opts.onEpoch)}`);
  }
  if (opts.dev) {
    checkInput(net, opts.dev.X, "train (dev set)", true, "dev.X");
    checkMatrix("train (dev set)", "dev.Y", opts.dev.Y);
    checkFiniteData("train (dev set)", "dev.Y", opts.dev.Y, "row", "example");
  }

  // Validate the labels once here rather than in every mini-batch (softmax labels become one-hot once).
  let labels = Y;
  if (net.cost === "binary") checkBinaryLabels(Y, X.cols, "train");
  else if (net.cost === "softmax") labels = oneHot(Y, net.layerDims[net.layerDims.length - 1]!, "train");
  const devY = opts.dev && net.cost === "softmax" ? oneHot(opts.dev.Y, net.layerDims[net.layerDims.length - 1]!, "train (dev set)") : opts.dev?.Y;
  if (opts.dev && net.cost === "binary") checkBinaryLabels(opts.dev.Y, opts.dev.X.cols, "train (dev set)");
  const m = X.cols;
  const workspace = new Workspace();
  const shuffler = new RandomState(0), permBuf = new Int32Array(m);
  // X and the labels in this epoch's order (made on the first epoch that needs them, reused after).
  let shuffled: [Matrix, Matrix] | undefined;
  const fullBatch = batchSize >= m;
  const whole: MiniBatch[] = [[X, labels]];
  let state = optimizer.init(net.params);
  const inPlace = isInPlace(optimizer);
  // Small sigmoid networks train in WebAssembly (wasm-training.ts), bit-identical to the loop below,
  // which takes over for any mini-batch the module leaves (and reports what went wrong there).
  let fast: WasmTraining | undefined;
  try {
    fast = wasmTraining(net, X, labels, fullBatch ? m : batchSize, seed, epochs, optimizer, state);
  } catch {
    fast = undefined; // no WebAssembly SIMD here
  }
  const costs: number[] = [], devCosts: number[] = [];
  let best = Infinity, bestEpoch = 0, bestParams: Params | undefined, since = 0, stoppedEarly = false;
  let epoch = 0, batch = 0, steps = 0, diverged: Divergence | undefined, devDiverged: Divergence | undefined;
  const batches = fullBatch ? 1 : Math.ceil(m / batchSize);
  const partial = (): TrainResult => ({ costs, devCosts, epochs: epoch, bestEpoch, stoppedEarly, state, params: net.params });
  // A cost of ∞ or NaN: stop (default) with the run so far, or warn once and go on (∞ only).
  const nonFinite = (cost: number, at = batch, step = steps): void => {
    const d: Divergence = { epoch, batch: at, step, cost };
    if (onDiverge === "stop" || Number.isNaN(cost)) throw new TrainingDivergedError(divergenceMessage(d, batches, optimizer.name), partial(), d);
    if (!diverged) {
      diverged = d;
      console.warn(divergenceMessage(d, batches, optimizer.name, undefined, true));
    }
  };
  try {
  for (; epoch < epochs; epoch++) {
    let total = 0, batchCost = 0, start = 0;
    batch = 0;
    if (fast) {
      const done = fast.run(epoch, seed + epoch + 1);
      if (done > 0) {
        total = fast.total();
        batchCost = fast.cost(done - 1);
        // The module sums without looking: find the mini-batch whose cost was not finite, as the loop below would.
        if (!Number.isFinite(total)) {
          let i = 0;
          while (i < done - 1 && Number.isFinite(fast.cost(i))) i++;
          try {
            nonFinite(fast.cost(i), i, steps + i);
          } catch (e) {
            fast.release(); // the run so far goes back to net.params with the error
            fast.saveState();
            throw e;
          }
        }
        steps += done;
        batch = done;
      }
      if (done === fast.steps) start = m;
      else { start = fullBatch ? 0 : done * batchSize; fast.release(); fast.saveState(); }
    }
    if (start < m) {
      // The course's random_mini_batches(X, Y, batchSize, seed + epoch + 1): X and Y shuffled once, X[:, perm] row by row
      // (each row read while it sits in cache; gathering each mini-batch from X instead reads all of X at random every
      // step, ~55 against ~23 ms an epoch on 64 x 20,000), then cut into mini-batches copied into reused buffers.
      let sx: Matrix | undefined, sy: Matrix | undefined;
      if (!fullBatch) {
        const perm = shuffledOrder(shuffler, permBuf, seed + epoch + 1);
        shuffled ??= [new Matrix(X.rows, m), new Matrix(labels.rows, m)];
        sx = gatherColsInto(X, perm, 0, m, shuffled[0]);
        sy = gatherColsInto(labels, perm, 0, m, shuffled[1]);
      }
      const ctx = trustParams({ epoch });
      for (; start < m; start += fullBatch ? m : batchSize, batch++) {
        let bx: Matrix, by: Matrix;
        if (!sx || !sy) [bx, by] = whole[0]!;
        else {
          const end = Math.min(start + batchSize, m), w = end - start;
          bx = sliceColsInto(sx, start, end, workspace.get(w, SLOT.batchX, X.rows, w));
          by = sliceColsInto(sy, start, end, workspace.get(w, SLOT.batchY, labels.rows, w));
        }
        const { cost, grads } = lossAndGradients(net, bx, by, { training: true, labelsChecked: true, checked: true, workspace });
        if (!Number.isFinite(cost)) nonFinite(cost);
        total += cost * bx.cols;
        batchCost = cost;
        if (inPlace) state = (optimizer as InPlaceOptimizer).step(net.params, grads, state, ctx);
        else {
          const r = optimizer.update(grads, state, net.params, ctx);
          state = r.state;
          applyUpdatesInPlace(net.params, r.updates);
        }
        steps++;
      }
      fast?.loadState();
    }
    // One batch: its cost as computed (cost · m / m can lose the last bit of the course's printed value).
    const cost = fullBatch ? batchCost : total / m;
    // The WebAssembly loop's parameters back in net.params for whatever reads them next.
    if (fast && (Number.isNaN(cost) || opts.dev || opts.onEpoch || es)) fast.release();
    let dc: number | undefined;
    if (opts.dev) {
      const { AL } = forward(net, opts.dev.X, { checked: true });
      dc = computeCost(net, AL, devY!, net.params, true);
      if (!Number.isFinite(dc)) {
        // The same policy as the training cost; the run so far is the epochs before this one.
        const d: Divergence = { epoch, batch: batches - 1, step: steps, cost: dc, on: "dev" };
        if (onDiverge === "stop") {
          fast?.saveState();
          throw new TrainingDivergedError(devDivergenceMessage(d, cost, true), partial(), d);
        }
        if (!devDiverged) {
          devDiverged = d;
          console.warn(devDivergenceMessage(d, cost, false));
        }
      }
    }
    costs.push(cost);
    const info: EpochInfo = { epoch, cost, net };
    let watched = cost;
    if (dc !== undefined) {
      devCosts.push(dc);
      info.devCost = dc;
      watched = dc;
    }
    if (watched < best - (es?.minDelta ?? 0)) {
      best = watched;
      bestEpoch = epoch;
      since = 0;
      if (es && es.restoreBest !== false) bestParams = Object.fromEntries(Object.entries(net.params).map(([k, v]) => [k, v.clone()]));
    } else since++;
    if (opts.onEpoch && opts.onEpoch(info) === false) { epoch++; break; }
    if (es && since >= es.patience) { stoppedEarly = true; epoch++; break; }
  }
  } catch (e) {
    // The data and the starting parameters were checked above, so a non-finite gradient here grew out of the updates.
    if (e instanceof ValueError && !(e instanceof TrainingDivergedError) && /gradient "[^"]+" has (NaN|-?Infinity)/.test(e.message)) {
      const d: Divergence = { epoch, batch, step: steps, cost: NaN };
      throw new TrainingDivergedError(divergenceMessage(d, batches, optimizer.name, e.message.replace(/^[^:]*: /, "")), partial(), d);
    }
    throw e;
  }
  fast?.release();
  fast?.saveState();
  if (stoppedEarly && bestParams) for (const [k, v] of Object.entries(bestParams)) net.params[k]!.data.set(v.data);
  const result: TrainResult = { costs, devCosts, epochs: epoch, bestEpoch, stoppedEarly, state, params: net.params };
  if (diverged) result.diverged = diverged;
  if (devDiverged) result.devDiverged = devDiverged;
  return result;
}
