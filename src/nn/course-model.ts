// The model of the course's optimization assignment, which lessons 13 and 14
// both train: the same network, initialization and mini-batch order, only the
// optimizer and its learning rate change from run to run.
import type { Dataset } from "../data/common";
import { ValueError, isPlainObject, kindOf, requireOptions } from "../errors";
import { isMatrix } from "../tensor/matrix";
import { accuracy, createNetwork, type Network } from "./model";
import { train, type TrainOptions, type TrainResult } from "./train";

/** Options of {@link trainCourseModel}: the optimizer (or a factory with a schedule) and how long to train. */
export interface CourseModelOptions extends Pick<TrainOptions, "optimizer" | "schedule" | "scheduleAt" | "onEpoch"> {
  /** Epochs (the course: 10 000 in its first version, 5 000 since 2021). */
  epochs: number;
}

/** What {@link trainCourseModel} returns: the trained network, the per-epoch costs and the training accuracy. */
export interface CourseModelRun {
  net: Network;
  costs: number[];
  /** Fraction of the training examples classified correctly after training (the course's printed "Accuracy"). */
  accuracy: number;
  result: TrainResult;
}

/**
 * The course's `model(X, Y, layers_dims=[2, 5, 2, 1], optimizer, …)` of its optimization assignment:
 * a LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID network with He initialization (`np.random.seed(3)`,
 * `W[l] = randn(n[l], n[l−1])·√(2/n[l−1])`), trained on mini-batches of 64 reshuffled before every epoch
 * with seed 10 + epoch + 1, the cost averaged over the epoch's m examples.
 *
 * @example trainCourseModel(loadMoons(), { optimizer: adam({ learningRate: 0.0007 }), epochs: 5000 }).accuracy  // 0.94
 */
export function trainCourseModel(data: Dataset, opts: CourseModelOptions): CourseModelRun {
  if (!isPlainObject(data) || !isMatrix(data.X) || !isMatrix(data.Y)) {
    throw new ValueError(`trainCourseModel: data must be { X, Y } (X 2 x m, Y 1 x m), e.g. loadMoons(), got ${kindOf(data)}`);
  }
  // The course's model fixes the mini-batch size (64) and the seeds (3, 10): batchSize or seed here would be overridden without a word.
  requireOptions("trainCourseModel", opts, ["optimizer", "schedule", "scheduleAt", "onEpoch", "epochs"], "{ optimizer: adam({ learningRate: 0.0007 }), epochs: 5000 }");
  const net = createNetwork([data.X.rows, 5, 2, 1], { hidden: "relu", output: "sigmoid", init: "he", seed: 3 });
  const result = train(net, data, { ...opts, batchSize: 64, seed: 10 });
  return { net, costs: result.costs, accuracy: accuracy(net, data.X, data.Y), result };
}
