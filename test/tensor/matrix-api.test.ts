// The Matrix type and its constructors at their edges, each message with the function and the
// argument it names: the constructor's checks, get/set with negative and out-of-range indices on
// each axis, fromJSON, isMatrix's duck typing, matrix() from rows or a flat array with a shape,
// column/row, linspace (its last value exactly stop), arange (numpy's half-open range) and reshape.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { arange, column, eye, full, isArrayLike, isMatrix, linspace, Matrix, matrix, reshape, row, zerosLike } from "../../src/tensor/matrix";

const data = (m: Matrix) => Array.from(m.data);

describe("new Matrix", () => {
  it.each([
    [() => new Matrix(-1, 2), "Matrix: rows must be >= 0, got -1"],
    [() => new Matrix(2, 1.5), "Matrix: cols must be an integer, got 1.5"],
    [() => new Matrix(1, 2, [1, 2] as never), "Matrix: data must be a Float64Array, got a plain array [1,2]; build a matrix from arrays with matrix([[…], […]])"],
    [() => new Matrix(1, 2, {} as never), /^Matrix: data must be a Float64Array, got an empty object \{\}$/],
    [() => new Matrix(2, 2, new Float64Array(3)), "Matrix: data has 3 values, shape (2, 2) needs 4"],
  ] as const)("refuses %#", (f, message) => {
    expect(f).toThrow(message);
  });
  it("wraps the given array without copying; clone copies", () => {
    const d = new Float64Array([1, 2, 3, 4]), m = new Matrix(2, 2, d), c = m.clone();
    expect(m.data).toBe(d);
    c.data[0] = 9;
    expect(data(m)).toEqual([1, 2, 3, 4]);
    expect([c.rows, c.cols, data(c)]).toEqual([2, 2, [9, 2, 3, 4]]);
  });
});

describe("get and set", () => {
  const m = matrix([[1, 2, 3], [4, 5, 6]]);
  it("count negative indices from the end, like numpy", () => {
    expect(m.get(-1, -1)).toBe(6);
    expect(m.get(-2, 0)).toBe(1);
    expect(m.get(1, -3)).toBe(4);
  });
  it.each([[2, 0], [0, 3], [-3, 0], [0, -4], [0.5, 0], [0, 1.5]])("refuse (%d, %d) for shape (2, 3)", (i, j) => {
    expect(() => m.get(i, j)).toThrow(`get: index (${i}, ${j}) is out of bounds for shape (2, 3)`);
  });
  it("set writes one entry, returns the matrix, and names set in its error", () => {
    const z = new Matrix(2, 3);
    expect(z.set(1, 2, 7)).toBe(z);
    expect(data(z)).toEqual([0, 0, 0, 0, 0, 7]);
    z.set(-2, -3, 5);
    expect(data(z)).toEqual([5, 0, 0, 0, 0, 7]);
    expect(() => z.set(0, 5, 1)).toThrow("set: index (0, 5) is out of bounds for shape (2, 3)");
  });
});

describe("JSON and isMatrix", () => {
  it("fromJSON(toJSON(m)) gives m back; anything else is refused", () => {
    const m = matrix([[1, -2.5], [3, 4]]), back = Matrix.fromJSON(m.toJSON());
    expect([back.rows, back.cols, data(back)]).toEqual([2, 2, [1, -2.5, 3, 4]]);
    for (const bad of [null, { shape: [1, 1] }, { data: [1] }, { shape: "1x1", data: [1] }]) {
      expect(() => Matrix.fromJSON(bad as never)).toThrow("Matrix.fromJSON: expected { shape: [rows, cols], data: number[] }");
    }
  });
  it("isMatrix accepts a Matrix or an object with a Float64Array data and numeric rows and cols, nothing else", () => {
    expect(isMatrix(new Matrix(1, 1))).toBe(true);
    expect(isMatrix({ data: new Float64Array(1), rows: 1, cols: 1 })).toBe(true);
    expect(isMatrix({ data: [1], rows: 1, cols: 1 })).toBe(false);
    expect(isMatrix({ data: new Float64Array(1), rows: "1", cols: 1 })).toBe(false);
    expect(isMatrix({ data: new Float64Array(1), rows: 1, cols: "1" })).toBe(false);
    expect(isMatrix({ data: new Float64Array(1), rows: 1 })).toBe(false);
    expect(isMatrix(null)).toBe(false);
    expect(isMatrix(5)).toBe(false);
    expect(isMatrix(undefined)).toBe(false);
  });
});

describe("constructors", () => {
  it("full, zerosLike and eye", () => {
    expect(data(full(1, 2, 2.5))).toEqual([2.5, 2.5]);
    expect(() => full(1, 2, "x" as never)).toThrow('full: value must be a finite number, got "x"');
    // np.full takes any float, not only finite ones.
    expect(data(full(1, 3, -Infinity))).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(data(full(1, 1, NaN))).toEqual([NaN]);
    const z = zerosLike(matrix([[1, 2, 3]]));
    expect([z.rows, z.cols, data(z)]).toEqual([1, 3, [0, 0, 0]]);
    expect(() => zerosLike(null as never)).toThrow("zerosLike: argument must be a Matrix, got null");
    // Named matrices: zeros shaped like each (an optimizer's v = 0), the input left as it was.
    const params = { W1: matrix([[1, 2], [3, 4], [5, 6]]), b1: matrix([[7], [8], [9]]) };
    const v = zerosLike(params);
    expect(Object.keys(v)).toEqual(["W1", "b1"]);
    expect([v.W1!.rows, v.W1!.cols, data(v.W1!), v.b1!.rows, v.b1!.cols, data(v.b1!)]).toEqual([3, 2, [0, 0, 0, 0, 0, 0], 3, 1, [0, 0, 0]]);
    expect(data(params.W1)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(zerosLike({})).toEqual({});
    expect(() => zerosLike({ W1: params.W1, b1: [[1], [2]] } as never)).toThrow('zerosLike: parameter "b1" must be a Matrix, got a plain array [[1],[2]]; convert it with matrix(');
    expect(() => zerosLike([[1, 2]] as never)).toThrow(/^zerosLike: argument must be a Matrix, got a plain array/);
    expect(data(eye(3))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(eye(0).size).toBe(0);
    expect(() => eye(-1)).toThrow("eye: n must be >= 0, got -1");
  });
  it("matrix from rows, and from a flat array with a shape", () => {
    expect(data(matrix([1, 2, 3, 4, 5, 6], [2, 3]))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(matrix([1, 2, 3, 4, 5, 6], [3, 2]).get(2, 0)).toBe(5);
    const e = matrix([]);
    expect([e.rows, e.cols]).toEqual([0, 0]);
  });
  it.each([
    [() => matrix(null as never), "matrix: values must be an array of rows like [[1, 2], [3, 4]] (or a flat array with a shape), got null"],
    [() => matrix(5 as never), "got number 5"],
    [() => matrix([1, 2], [2] as never), "matrix: shape must be [rows, cols], got a plain array [2]"],
    [() => matrix([1, 2], "x" as never), 'matrix: shape must be [rows, cols], got string "x"'],
    [() => matrix([1, 2], [-1, 2]), "matrix: rows must be >= 0, got -1"],
    [() => matrix([1, 2], [1, 1.5]), "matrix: cols must be an integer, got 1.5"],
    [() => matrix([1, 2, 3], [2, 2]), "matrix: 3 values cannot be shaped (2, 2)"],
    [() => matrix([1, "a"] as never, [1, 2]), 'matrix: value at flat index 1 must be a number, got string "a"'],
    [() => matrix([[1, 2], [3]]), "matrix: row 1 has 1 entries, row 0 has 2"],
    [() => matrix([[1, 2], null] as never), "matrix: row 1 has no entries, row 0 has 2"],
    [() => matrix([[1, 2], 5] as never), "matrix: row 1 has no entries, row 0 has 2"],
    [() => matrix([[1, 2], "ab"] as never), "matrix: row 1 has no entries, row 0 has 2"],
    [() => matrix([[1, 2], { length: 2 }] as never), "matrix: entry (1, 0) must be a number, got undefined"],
    [() => matrix([[1, 2], [3, "x"]] as never), 'matrix: entry (1, 1) must be a number, got string "x"'],
  ] as const)("matrix refuses %#", (f, message) => {
    expect(f).toThrow(message);
  });
  it("column and row", () => {
    const c = column([1, 2]), r = row([1, 2]);
    expect([c.rows, c.cols, r.rows, r.cols]).toEqual([2, 1, 1, 2]);
    expect(() => column(null as never)).toThrow("column: values must be an array of numbers like [1, 2, 3], got null");
    expect(() => row(5 as never)).toThrow("row: values must be an array of numbers like [1, 2, 3], got number 5");
  });
});

describe("linspace and arange", () => {
  it("linspace: num values from start to stop, the last exactly stop", () => {
    expect(data(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(data(linspace(0.1, 0.7, 3))).toEqual([0.1, 0.4, 0.7]);
    // 9 · (2.9 / 9) is 2.8999999999999995 in doubles; like numpy, linspace ends on stop itself.
    expect(9 * (2.9 / 9)).toBe(2.8999999999999995);
    expect(linspace(0, 2.9, 10).data[9]).toBe(2.9);
    expect(data(linspace(2, 5, 1))).toEqual([2]);
    // numpy's values, bit for bit (np.linspace(-2, 3, 7), np.linspace(0, 1, 50)[5, 9]): k·step + start, not (k/6)·5 − 2.
    expect(data(linspace(-2, 3, 7))).toEqual([-2, -1.1666666666666665, -0.33333333333333326, 0.5, 1.3333333333333335, 2.166666666666667, 3]);
    expect([linspace(0, 1, 50).data[5], linspace(0, 1, 50).data[9]]).toEqual([0.1020408163265306, 0.18367346938775508]);
    expect(linspace(2, 5, 0).size).toBe(0);
    expect(linspace(0, 1).size).toBe(50);
    expect(() => linspace(NaN, 1)).toThrow("linspace: start must be a finite number, got NaN");
    expect(() => linspace(0, Infinity)).toThrow("linspace: stop must be a finite number, got Infinity");
    expect(() => linspace(0, 1, -1)).toThrow("linspace: num must be >= 0, got -1");
    // A step that underflows to 0: numpy scales k/(num − 1) by the span (np.linspace(0, 5e-324, 4) printed).
    expect(data(linspace(0, 5e-324, 4))).toEqual([0, 0, 5e-324, 5e-324]);
    expect(() => linspace(0, 1, 1e10)).toThrow("linspace: a matrix of shape (1, 10000000000) has 10,000,000,000 entries");
  });
  it("arange: [start, stop) in steps, numpy's count ⌈(stop − start)/step⌉", () => {
    expect(data(arange(5))).toEqual([0, 1, 2, 3, 4]);
    expect(data(arange(1, 2, 0.25))).toEqual([1, 1.25, 1.5, 1.75]);
    // ⌈1 / 0.3⌉ = 4 values, k·0.3 as numpy computes them: [0, 0.3, 0.6, 0.8999999999999999].
    expect(data(arange(0, 1, 0.3))).toEqual([0, 0.3, 0.6, 0.8999999999999999]);
    expect(data(arange(5, 1, -2))).toEqual([5, 3]);
    expect(arange(3, 1).size).toBe(0);
    expect(() => arange(1, 2, 0)).toThrow("arange: step must be non-zero, got 0");
    expect(() => arange(NaN, 1)).toThrow("arange: start must be a finite number, got NaN");
    expect(() => arange(0, NaN)).toThrow("arange: stop must be a finite number, got NaN");
    expect(() => arange(0, 1, NaN)).toThrow("arange: step must be a finite number, got NaN");
  });
});

describe("reshape", () => {
  it("keeps the row-major order in a copy, and names what it refuses", () => {
    const a = matrix([[1, 2, 3], [4, 5, 6]]), r = reshape(a, 3, 2);
    expect([r.rows, r.cols, data(r)]).toEqual([3, 2, [1, 2, 3, 4, 5, 6]]);
    r.data[0] = 9;
    expect(a.get(0, 0)).toBe(1);
    expect(() => reshape(null as never, 1, 1)).toThrow("reshape: first argument must be a Matrix, got null");
    expect(() => reshape(a, -1, 1)).toThrow("reshape: rows must be >= 0, got -1");
    expect(() => reshape(a, 1, 0.5)).toThrow("reshape: cols must be an integer, got 0.5");
    expect(() => reshape(a, 4, 1)).toThrow("reshape: cannot reshape array of shape (2, 3) (size 6) into shape (4, 1)");
  });
});

describe("isArrayLike and how Node prints a Matrix", () => {
  it("an array, a typed array or an object with a numeric length; not a string, null, a number or {}", () => {
    expect([[1], Float64Array.of(1), { length: 0 }, []].map(isArrayLike)).toEqual([true, true, true, true]);
    expect(["ab", null, undefined, 5, {}, { length: "2" }].map(isArrayLike)).toEqual([false, false, false, false, false, false]);
  });
  it("util.inspect (console.log, the REPL) shows the numpy repr", () => {
    expect(inspect(matrix([[1.5, -2]]))).toBe("array([[ 1.5, -2. ]])");
  });
});
