// Which student and notebook a submitted file is, from where it sits: the two layouts, and the
// files that would have been filed under the wrong student or shared one gradebook row.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findSubmissions, loadSource } from "../../src/grading/grade";
import { releaseNotebooks } from "../../src/grading/release";
import { SOURCE } from "./helpers";

function tree(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-subs-"));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), fs.readFileSync(SOURCE));
  }
  return dir;
}

describe("findSubmissions", () => {
  const source = loadSource(SOURCE), name = source.name;
  const who = (subs: ReturnType<typeof findSubmissions>) => subs.map((s) => `${s.student}/${s.assignment}/${s.notebook}`);

  it("reads nbgrader's submitted/<student>/<assignment>/<notebook>.ipynb and a flat folder of <student>.ipynb", () => {
    const nested = tree([`ada/week2/${name}.ipynb`, `bob/week2/${name}.ipynb`]);
    expect(who(findSubmissions([nested], [source]))).toEqual([`ada/week2/${name}`, `bob/week2/${name}`]);
    const flat = tree(["ada.ipynb", "bob.ipynb"]);
    expect(who(findSubmissions([flat], [source]))).toEqual([`ada/${name}/${name}`, `bob/${name}/${name}`]);
    expect(who(findSubmissions([path.join(flat, "ada.ipynb")], [source]))).toEqual([`ada/${name}/${name}`]);
  });

  it("refuses a renamed notebook inside a student's folder (it was graded as a student named after the file)", () => {
    const dir = tree([`fay/week2/${name} (1).ipynb`]);
    expect(() => findSubmissions([dir], [source])).toThrow(
      `${path.join(dir, "fay/week2", `${name} (1).ipynb`)}: a notebook in a subfolder must be named like its source (${name}.ipynb, as in submitted/<student>/<assignment>/${name}.ipynb); rename it, or grade a flat folder of <student>.ipynb files`);
  });

  it("refuses two files that would share one gradebook row (one student's grade was lost)", () => {
    const a = tree(["ada.ipynb"]), b = tree(["ada.ipynb"]);
    expect(() => findSubmissions([a, b], [source])).toThrow(
      `two submissions would be graded as student "ada", assignment "${name}", notebook "${name}": ${path.join(a, "ada.ipynb")} and ${path.join(b, "ada.ipynb")}; grade them separately or give each student their own name`);
  });
});

describe("loadSource", () => {
  it("refuses a released notebook as the source (it graded the visible tests only: a solution right for t ≤ 3 got full marks)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-src-"));
    const [r] = releaseNotebooks([SOURCE], dir);
    expect(() => loadSource(r!.output)).toThrow(
      `${r!.output}: this is a released (student) notebook: its solutions are stubs and its hidden tests are gone, so grading against it would check the visible tests only; pass the source notebook it was released from, with solutions and hidden tests`);
    expect(loadSource(SOURCE).name).toBe(path.basename(SOURCE, ".ipynb"));
  });
});
