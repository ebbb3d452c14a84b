import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { updateParametersTestCase } from "../../src/data";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx: any = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "lessons.json"), "utf8"));

describe("updateParametersTestCase: the course's optimizer test case", () => {
  it("draws W1, b1, W2, b2 then their gradients after np.random.seed(1), as numpy does", () => {
    const { params, grads } = updateParametersTestCase();
    // randn's polar method takes a log, whose last bit may differ from glibc's: a few ulps at most.
    const close = (got: number[][], want: number[][]) => got.flat().forEach((v, i) => expect(Math.abs(v - want.flat()[i]!)).toBeLessThanOrEqual(4e-16 * Math.abs(want.flat()[i]!)));
    for (const k of ["W1", "b1", "W2", "b2"] as const) {
      expect(params[k].shape).toEqual([fx["11"].course_case.params[k].length, fx["11"].course_case.params[k][0].length]);
      close(params[k].toArray(), fx["11"].course_case.params[k]);
      close(grads[k].toArray(), fx["11"].course_case.grads[k]);
    }
    // The course-reference values: seed(1) randn ×6 starts W1.
    expect(Array.from(params.W1.data)).toEqual([1.6243453636632417, -0.6117564136500754, -0.5281717522634557, -1.0729686221561705, 0.8654076293246785, -2.3015386968802827]);
  });
  it("gives fresh matrices on every call", () => {
    const a = updateParametersTestCase(), b = updateParametersTestCase();
    a.params.W1.data[0] = 99;
    expect(b.params.W1.data[0]).toBe(1.6243453636632417);
  });
});
