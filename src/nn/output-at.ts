// A trained network seen as a function of a point of the plane, which is
// what a decision-boundary plot draws.
import { ValueError } from "../errors";
import { Matrix } from "../tensor/matrix";
import { forward, type Network } from "./model";

/**
 * The network's output for one example with two features, `(x1, x2) ↦ a[L]` with
 * `a[L] = g[L](W[L] … g[1](W[1] [x1; x2] + b[1]) … + b[L])` at test time (no dropout): for a sigmoid
 * output the probability of class 1, ready for `plot.decisionBoundary(outputAt(net), …)`.
 */
export function outputAt(net: Network): (x1: number, x2: number) => number {
  if (!net || !Array.isArray(net.layerDims)) throw new ValueError("outputAt: net must be a network from createNetwork");
  if (net.layerDims[0] !== 2) throw new ValueError(`outputAt: the network takes ${net.layerDims[0]} features, a point of the plane has 2`);
  if (net.layerDims[net.layerDims.length - 1] !== 1) throw new ValueError(`outputAt: the network has ${net.layerDims[net.layerDims.length - 1]} outputs, a decision boundary needs 1`);
  const x = new Matrix(2, 1);
  return (x1, x2) => {
    x.data[0] = x1;
    x.data[1] = x2;
    return forward(net, x).AL.data[0]!;
  };
}
