// Named parameter sets, as the course writes them: { W1, b1, W2, b2, … }.
import { Matrix } from "./matrix";

/** A named set of matrices: parameters, their gradients, or an optimizer's moments. */
export type Params = Record<string, Matrix>;
