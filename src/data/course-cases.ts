// The course's test inputs for its optimizer assignments, drawn from numpy's
// stream so that a lesson and a hidden test start from the course's numbers
// (lessons 11, 12 and 13 and their graded exercises use the same draws).
import { RandomState } from "../random/random";
import type { Matrix } from "../tensor/matrix";

/** Parameters W1, b1, W2, b2 and their gradients, named like the parameters (what the optimizers take). */
export interface UpdateParametersTestCase {
  params: { W1: Matrix; b1: Matrix; W2: Matrix; b2: Matrix };
  grads: { W1: Matrix; b1: Matrix; W2: Matrix; b2: Matrix };
}

/**
 * The course's `update_parameters_with_momentum_test_case()` / `…_with_adam_test_case()` draws:
 * `np.random.seed(1)`, then `W1 = randn(2, 3)`, `b1 = randn(2, 1)`, `W2 = randn(3, 3)`, `b2 = randn(3, 1)`,
 * `dW1 = randn(2, 3)`, `db1 = randn(2, 1)`, `dW2 = randn(3, 3)`, `db2 = randn(3, 1)`. The gradients are
 * named `W1, b1, …` (the course's `dW1, db1, …`), as descent's optimizers expect. Every call draws afresh,
 * so each caller gets its own matrices.
 */
export function updateParametersTestCase(): UpdateParametersTestCase {
  const rng = new RandomState(1);
  const params = { W1: rng.randn(2, 3), b1: rng.randn(2, 1), W2: rng.randn(3, 3), b2: rng.randn(3, 1) };
  const grads = { W1: rng.randn(2, 3), b1: rng.randn(2, 1), W2: rng.randn(3, 3), b2: rng.randn(3, 1) };
  return { params, grads };
}
