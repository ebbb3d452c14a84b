import { describe, it, expect } from "vitest";
import { summaryTable, createReporter, type LessonSummary } from "../../src/jupyter/run-report";
import { parseArgs } from "../../src/cli/run";
import { PassThrough } from "node:stream";

const lessons: LessonSummary[] = [
  { name: "01-sgd", status: "ok", cells: 12, seconds: 3.25, checks: { passed: 4, failed: 0 }, failures: [] },
  { name: "02-adam", status: "failed", cells: 7, seconds: 2, checks: { passed: 1, failed: 1 }, failures: [{ cell: 9, sourceLine: 'check("bias", b, 0.1);', message: "CheckError: ✗ bias: off by 0.5\n  expected: 0.1\n  got:      0.6" }] },
  { name: "03-bad", status: "failed", cells: 0, seconds: 0, checks: { passed: 0, failed: 0 }, failures: [{ cell: null, sourceLine: null, message: "03-bad.ipynb: not valid JSON" }] },
];

describe("summaryTable", () => {
  const table = summaryTable(lessons);
  const lines = table.split("\n");

  it("has a row per lesson and totals, aligned in columns", () => {
    expect(lines[0]).toMatch(/^lesson\s+status\s+cells\s+seconds\s+checks passed\s+checks failed$/);
    expect(table).toMatch(/01-sgd\s+ok\s+12\s+3\.3\s+4\s+0/);
    expect(table).toMatch(/02-adam\s+FAILED\s+7\s+2\.0\s+1\s+1/);
    expect(table).toMatch(/total\s+19\s+5\.3\s+5\s+1/);
    const widths = new Set(lines.slice(0, 6).map((l) => l.length));
    expect(widths.size).toBe(1);
  });

  it("lists each failure with cell, source line and message, and ends with the plain count", () => {
    expect(table).toContain('✗ 02-adam\n  cell 9: check("bias", b, 0.1);\n    CheckError: ✗ bias: off by 0.5\n      expected: 0.1\n      got:      0.6');
    expect(table).toContain("✗ 03-bad\n  before the first cell\n    03-bad.ipynb: not valid JSON");
    expect(lines[lines.length - 1]).toBe("lessons: 1 passed, 2 failed");
  });
});

describe("createReporter", () => {
  it("writes plain lines when the stream is not a TTY", () => {
    const out = new PassThrough() as unknown as NodeJS.WriteStream;
    let text = "";
    (out as unknown as PassThrough).on("data", (b: Buffer) => (text += b.toString()));
    const r = createReporter(out, 2);
    r.lessonStart("01-sgd", 12);
    r.cellStart("01-sgd", 1, 12);
    r.lessonEnd(lessons[0]!);
    r.close();
    expect(text).toBe("▶ 01-sgd (12 code cells)\n✓ 01-sgd: 12 cells, 3.3 s, 4 checks passed\n");
  });
});

describe("descent run arguments", () => {
  it("defaults to lessons/ into out/", () => {
    expect(parseArgs([])).toEqual({ paths: ["lessons"], out: "out" });
  });
  it("parses --out, --timeout (seconds) and --jobs, with = or a space", () => {
    expect(parseArgs(["a.ipynb", "--out=x", "--timeout", "2.5", "--jobs", "3", "b"])).toEqual({ paths: ["a.ipynb", "b"], out: "x", timeoutMs: 2500, jobs: 3 });
  });
  it("names the bad argument", () => {
    expect(() => parseArgs(["--timeout", "-1"])).toThrow("--timeout -1: the timeout in seconds must be a positive number");
    expect(() => parseArgs(["--jobs", "1.5"])).toThrow("--jobs 1.5: must be a whole number ≥ 1");
    expect(() => parseArgs(["--out"])).toThrow("--out needs a value");
    expect(() => parseArgs(["--bogus"])).toThrow(/unknown option --bogus/);
  });
});
