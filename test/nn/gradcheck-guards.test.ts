// The gradient-check helpers' argument checks, one bad input each, with the message a learner
// reads: each names the function, the argument and what to pass instead. (Mutation testing found
// them unpinned: src/gradcheck/gradcheck.ts, 6 Dec.)
import { describe, expect, it } from "vitest";
import { thrown } from "../helpers/thrown";
import {
  dictionaryToVector, gradientCheck, gradientCheckNetwork, gradientsToVector, parameterOrder, readDifference, relativeError,
} from "../../src/gradcheck/gradcheck";
import { createNetwork } from "../../src/nn";
import { matrix } from "../../src/tensor/matrix";


describe("gradient-check helpers refuse what they cannot use, and say so", () => {
  it("parameterOrder and dictionaryToVector: names must be strings", () => {
    expect(thrown(() => parameterOrder(["W1", 3] as never))).toBe('ValueError: parameterOrder: names must be an array of parameter names like ["W1", "b1"], got a plain array ["W1",3]');
    expect(parameterOrder(["b1", "W1"])).toEqual(["W1", "b1"]);
    expect(thrown(() => dictionaryToVector(3 as never))).toBe("ValueError: dictionaryToVector: params must be an object of named matrices like { W1, b1 }, got number 3");
    expect(thrown(() => dictionaryToVector({ W1: matrix([[1]]) }, ["W1", 2] as never))).toBe('ValueError: dictionaryToVector: order must be an array of parameter names like ["W1", "b1"], got a plain array ["W1",2]');
  });

  it("gradientsToVector: grads named like { dW1, db1 }, and θ's slots from dictionaryToVector, each field checked", () => {
    const grads = { dW1: matrix([[1, 2]]) };
    expect(thrown(() => gradientsToVector(3 as never, []))).toBe("ValueError: gradientsToVector: grads must be an object of named matrices like { dW1, db1 }, got number 3");
    const good = dictionaryToVector({ W1: matrix([[5, 6]]) }).slots;
    expect(Array.from(gradientsToVector(grads, good).data)).toEqual([1, 2]);
    const usage = "; write gradientsToVector(grads, dictionaryToVector(params).slots)";
    const bad = [
      Object.create(good[0]!), // the right fields, but not a plain object
      { ...good[0]!, name: 1 },
      { ...good[0]!, rows: 1.5 },
      { ...good[0]!, cols: "2" },
      { ...good[0]!, offset: undefined },
    ];
    for (const slot of bad) {
      const m = thrown(() => gradientsToVector(grads, [slot] as never));
      expect(m).toMatch(/^ValueError: gradientsToVector: slots must be θ's layout from dictionaryToVector \(its slots: \[\{ name, rows, cols, offset \}, …\]\), got /);
      expect(m.endsWith(usage)).toBe(true);
    }
  });

  it("relativeError: numbers only, the same shape for two matrices (rows or columns), and which argument is wrong", () => {
    expect(thrown(() => relativeError([1, "2"] as never, [1, 2]))).toBe('ValueError: relativeError: a must be a Matrix or an array of numbers, got a plain array [1,"2"]');
    expect(thrown(() => relativeError([1], "x" as never))).toBe('ValueError: relativeError: b must be a Matrix or an array of numbers, got string "x"');
    expect(thrown(() => relativeError(matrix([[1, 2]]), matrix([[1], [2]])))).toBe("ShapeError: relativeError: a has shape (1, 2), b (2, 1)");
    expect(thrown(() => relativeError(matrix([[1, 2]]), matrix([[1, 2, 3]])))).toBe("ShapeError: relativeError: a has shape (1, 2), b (1, 3)");
    expect(thrown(() => relativeError(matrix([[1], [2]]), matrix([[1], [2], [3]])))).toBe("ShapeError: relativeError: a has shape (2, 1), b (3, 1)");
    // ‖(3, 4) − (0, 0)‖ / (5 + 0) = 1; the same entries as arrays
    expect(relativeError(matrix([[3, 4]]), matrix([[0, 0]]))).toBe(1);
    expect(relativeError([3, 4], [0, 0])).toBe(1);
  });

  it("readDifference: a number, not a string that looks like one; 1e-7 itself is no longer 'correct', in a report's passed too", () => {
    expect(thrown(() => readDifference("1e-8" as never))).toBe('ValueError: readDifference: difference must be a relative error, a number ≥ 0, got string "1e-8"');
    expect(readDifference(1e-7)).toMatch(/^probably fine/);
    // J = w at w = 0: the two-sided difference is exactly 1; backprop's 1 passes, 1.1 does not (difference 0.1/2.1)
    expect(gradientCheck((p) => p.w!.data[0]!, { w: matrix([[0]]) }, { w: matrix([[1]]) }).passed).toBe(true);
    expect(gradientCheck((p) => p.w!.data[0]!, { w: matrix([[0]]) }, { w: matrix([[1.1]]) }).passed).toBe(false);
  });

  it("gradientCheck and gradientCheckNetwork: options an object, only a list of names, net from createNetwork", () => {
    const J = (p: Record<string, { data: Float64Array }>) => p.w!.data[0]!;
    expect(thrown(() => gradientCheck(J, { w: matrix([[0]]) }, { w: matrix([[1]]) }, [1] as never))).toBe("ValueError: gradientCheck: options must be an object like { epsilon: 1e-7 }, got a plain array [1]");
    expect(thrown(() => gradientCheck(J, { w: matrix([[0]]) }, { w: matrix([[1]]) }, { only: ["w", 3] as never }))).toBe('ValueError: gradientCheck: only must be an array of parameter names like ["W1"], got a plain array ["w",3]');
    expect(gradientCheck(J, { w: matrix([[0]]) }, { w: matrix([[1]]) }, { only: ["w"] }).difference).toBe(0);
    expect(thrown(() => gradientCheckNetwork({} as never, matrix([[1]]), matrix([[1]])))).toBe("ValueError: gradientCheckNetwork: net must be a network from createNetwork, got an empty object {}; the arguments are (net, X, Y)");
    const net = createNetwork([1, 1], { activations: ["sigmoid"] });
    expect(thrown(() => gradientCheckNetwork(net, matrix([[1]]), matrix([[1]]), [1] as never))).toBe("ValueError: gradientCheckNetwork: options must be an object like { epsilon: 1e-7 }, got a plain array [1]");
  });
});
