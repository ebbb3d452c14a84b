// `descent run` starts the longest lessons first, so that its jobs end together:
// by the seconds the last run into the same folder recorded, else by code cells.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { newNotebook, writeNotebook } from "../../src/jupyter/nbformat";
import { longestFirst, writeDurations, type LessonRun } from "../../src/jupyter/runner";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Notebooks named after `cells` (name → code cells), and an empty out folder. */
function lessons(cells: Record<string, number>): { files: string[]; names: string[]; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-order-"));
  dirs.push(dir);
  const names = Object.keys(cells);
  const files = names.map((n) => {
    const file = path.join(dir, `${n}.ipynb`);
    writeNotebook(file, newNotebook([{ cell_type: "markdown", source: "# x" }, ...Array.from({ length: cells[n]! }, (_, i) => ({ cell_type: "code" as const, source: `${i}` }))]));
    return file;
  });
  const out = path.join(dir, "out");
  fs.mkdirSync(out);
  return { files, names, out };
}

const ran = (name: string, seconds: number) => ({ name, seconds, result: {} }) as unknown as LessonRun;

describe("the order lessons start in", () => {
  it("is by code cells on a first run, ties in the files' order", () => {
    const { files, names, out } = lessons({ a: 2, b: 5, c: 3, d: 5 });
    expect(longestFirst(files, names, out).map((i) => names[i])).toEqual(["b", "d", "c", "a"]);
  });

  it("is by the seconds the last run recorded, cells for a lesson it did not time", () => {
    const { files, names, out } = lessons({ a: 2, b: 5, c: 3 });
    writeDurations(out, [ran("a", 9), ran("b", 0.5)]);
    // c has no time: 3 cells count as 0.75 s, between a's 9 s and b's 0.5 s.
    expect(longestFirst(files, names, out).map((i) => names[i])).toEqual(["a", "c", "b"]);
  });

  it("keeps the times of lessons a later run did not run, and ignores a damaged record", () => {
    const { files, names, out } = lessons({ a: 2, b: 5, c: 3 });
    writeDurations(out, [ran("a", 9), ran("b", 4), ran("c", 1)]);
    writeDurations(out, [ran("c", 20)]);
    expect(longestFirst(files, names, out).map((i) => names[i])).toEqual(["c", "a", "b"]);
    fs.writeFileSync(path.join(out, ".descent-run-times.json"), "[1, 2");
    expect(longestFirst(files, names, out).map((i) => names[i])).toEqual(["b", "c", "a"]);
  });
});
