// The gradebook commands' arguments, named when they are wrong (no grading needed).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { enterManualGrades, readManualCsv } from "../../src/grading/manual";

describe("manual grades: a wrong folder or file is named", () => {
  it("a folder descent grade did not write (it read as an empty gradebook: 'ada: no graded submission')", () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "descent-manual-")), "gradebooks");
    expect(() => enterManualGrades(dir, [{ student: "ada", gradeId: "why", points: 1 }])).toThrow(
      `${dir}: no graded submissions here (no results/ folder); name the folder descent grade wrote (its --out, default gradebook/)`);
    expect(fs.existsSync(dir)).toBe(false);
  });
  it("a CSV that is not there (ENOENT before)", () => {
    const file = path.join(os.tmpdir(), "descent-no-such-scores.csv");
    expect(() => readManualCsv(file)).toThrow(`${file}: no such file`);
    expect(() => readManualCsv(os.tmpdir())).toThrow(`${os.tmpdir()}: no such file`);
  });
});
