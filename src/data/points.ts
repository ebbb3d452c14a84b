// A 2-feature data set as the point lists the plots take.
import { ShapeError, ValueError, checkMatrix, fmtShape, kindOf } from "../errors";
import type { Dataset } from "./common";

/**
 * The examples of a 2-feature data set as plot points: `x = X[0, :]`, `y = X[1, :]`, `labels = Y[0, :]`
 * (what `plot.scatter` and `plot.decisionBoundary`'s `points` take).
 */
export function datasetPoints(data: Dataset): { x: number[]; y: number[]; labels: number[] } {
  if (typeof data !== "object" || data === null || !("X" in data) || !("Y" in data)) {
    throw new ValueError(`datasetPoints: data must be a data set { X, Y } such as makeMoons(), got ${kindOf(data)}`);
  }
  const { X, Y } = data;
  checkMatrix("datasetPoints", "data.X", X);
  checkMatrix("datasetPoints", "data.Y", Y);
  if (X.rows !== 2) throw new ShapeError(`datasetPoints: X must have 2 features (rows) to be drawn in the plane, got shape ${fmtShape(X.rows, X.cols)}`);
  if (Y.rows !== 1 || Y.cols !== X.cols) throw new ShapeError(`datasetPoints: Y must be 1 x ${X.cols} labels, got ${fmtShape(Y.rows, Y.cols)}`);
  const m = X.cols;
  return { x: Array.from(X.data.subarray(0, m)), y: Array.from(X.data.subarray(m, 2 * m)), labels: Array.from(Y.data) };
}
