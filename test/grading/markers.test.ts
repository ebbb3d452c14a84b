import { describe, expect, it } from "vitest";
import { clearSolutions, removeHiddenTests, findRegions, MarkerError, CODE_STUB, solutionText } from "../../src/grading/markers";
import { computeChecksum, pythonFloatString } from "../../src/grading/checksum";
import { exerciseMap, isLocked } from "../../src/grading/metadata";
import { newNotebook } from "../../src/jupyter/nbformat";
import type { Cell } from "../../src/jupyter/nbformat";

const code = (source: string, nbgrader: Record<string, unknown>): Cell => ({ cell_type: "code", id: "x", metadata: { nbgrader }, source, execution_count: null, outputs: [] });

describe("markers", () => {
  it("replaces a solution region inside a function with an indented stub that throws", () => {
    const src = "function f(x: number): number {\n    // ### BEGIN SOLUTION\n    return 2 * x;\n    // ### END SOLUTION\n}";
    const { source, replaced } = clearSolutions(src, "code", "nb cell 1", true);
    expect(replaced).toBe(true);
    expect(source).toBe('function f(x: number): number {\n    // YOUR CODE HERE\n    throw new Error("not implemented");\n}');
  });

  it("replaces a solution cell without regions whole, and markdown answers with the text stub", () => {
    expect(clearSolutions("const a = 1;", "code", "w", true).source).toBe(CODE_STUB);
    expect(clearSolutions("Because the variance grows.", "markdown", "w", true).source).toBe("YOUR ANSWER HERE");
    expect(clearSolutions("const a = 1;", "code", "w", false)).toEqual({ source: "const a = 1;", replaced: false });
  });

  it("removes hidden tests with their marker lines and keeps visible ones", () => {
    const src = 'check("a", 1, 1);\n// ### BEGIN HIDDEN TESTS\ncheck("b", 2, 2);\n// ### END HIDDEN TESTS';
    expect(removeHiddenTests(src, "w")).toEqual({ source: 'check("a", 1, 1);', removed: true });
  });

  it("names the cell and line of a malformed region", () => {
    expect(() => findRegions("// ### BEGIN SOLUTION\nx", "BEGIN SOLUTION", "END SOLUTION", "l.ipynb cell 3")).toThrow(/l\.ipynb cell 3: the "BEGIN SOLUTION" on line 1 is never closed/);
    expect(() => findRegions("a\n// ### END SOLUTION", "BEGIN SOLUTION", "END SOLUTION", "c")).toThrow(MarkerError);
    expect(() => findRegions("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", "BEGIN SOLUTION", "END SOLUTION", "c")).toThrow(/line 2 .* cannot nest/);
  });

  it("solutionText drops only the marker lines", () => {
    expect(solutionText("f() {\n  // ### BEGIN SOLUTION\n  return 1;\n  // ### END SOLUTION\n}")).toBe("f() {\n  return 1;\n}");
  });
});

describe("checksum (nbgrader's compute_checksum)", () => {
  // Reference values computed with Python's hashlib the way nbgrader's utils.compute_checksum does.
  it("matches nbgrader for a test cell (points as a Python float)", () => {
    expect(computeChecksum(code('check("x", 1, 1);', { grade: true, solution: false, grade_id: "t1", points: 2 }))).toBe("190f0f6d22ac2e0e4050dd4f11edb506");
  });
  it("matches nbgrader for a read-only cell", () => {
    expect(computeChecksum(code("a = 1", { grade: false, solution: false, locked: true, grade_id: "ro" }))).toBe("e766faddfec870c6fc9ab1be33448b13");
  });
  it("matches nbgrader for a markdown answer with fractional points", () => {
    const cell: Cell = { cell_type: "markdown", id: "m", metadata: { nbgrader: { grade: true, solution: true, grade_id: "ans", points: 0.00001 } }, source: ["x"] };
    expect(computeChecksum(cell)).toBe("b5b0e0da8c74fb0f29e67b1e20c65df9");
  });
  it("changes with the source, the points and the flags", () => {
    const base = computeChecksum(code("a", { grade: true, grade_id: "g", points: 1 }));
    expect(computeChecksum(code("b", { grade: true, grade_id: "g", points: 1 }))).not.toBe(base);
    expect(computeChecksum(code("a", { grade: true, grade_id: "g", points: 5 }))).not.toBe(base);
    expect(computeChecksum(code("a", { grade: true, solution: true, grade_id: "g", points: 1 }))).not.toBe(base);
  });
  it("formats floats as Python's str(float(x))", () => {
    expect([2, 0.5, 1e-5, 1e16, 123456.789, 0].map(pythonFloatString)).toEqual(["2.0", "0.5", "1e-05", "1e+16", "123456.789", "0.0"]);
  });
  it("treats grade cells as locked and solution cells as never locked, like nbgrader", () => {
    expect(isLocked(code("", { grade: true, locked: false, grade_id: "a", points: 1 }))).toBe(true);
    expect(isLocked(code("", { solution: true, locked: true, grade_id: "a" }))).toBe(false);
  });
});

describe("exerciseMap", () => {
  it("groups test cells with the solution above them, whatever the id style", () => {
    const nb = newNotebook(["setup", "update_lr", "update_lr_tests", "sigmoid-solution", "sigmoid-tests", "sigmoid-hidden", "extra"].map(() => ({ cell_type: "code" as const, source: "" })));
    const meta: Array<Record<string, unknown>> = [
      { locked: true, grade_id: "setup" },
      { solution: true, grade_id: "update_lr" },
      { grade: true, points: 1, grade_id: "update_lr_tests" },
      { solution: true, grade_id: "sigmoid-solution" },
      { grade: true, points: 1, grade_id: "sigmoid-tests" },
      { grade: true, points: 1, grade_id: "sigmoid-hidden" },
      { grade: true, points: 1, grade_id: "extra" },
    ];
    nb.cells.forEach((c, i) => (c.metadata.nbgrader = meta[i]));
    nb.cells[6]!.metadata.descent = { exercise: "bonus" };
    expect(Object.fromEntries(exerciseMap(nb))).toEqual({
      setup: "setup",
      update_lr: "update_lr",
      update_lr_tests: "update_lr",
      "sigmoid-solution": "sigmoid",
      "sigmoid-tests": "sigmoid",
      "sigmoid-hidden": "sigmoid",
      extra: "bonus",
    });
  });
});
