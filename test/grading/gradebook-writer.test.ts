// The gradebook is rewritten as a run goes, but not after every submission:
// at most once per interval, and never more than 1/20 of the time on writing.
// A clock is passed in, so the test decides when time passes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gradebookWriter, type NotebookGrade } from "../../src/grading/gradebook";

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "descent-book-")); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const grade = (student: string, score: number) => ({
  student, assignment: "a1", notebook: "07.ipynb", score, maxScore: 10, exercises: [], tests: [], tampering: [],
  needsManualGrading: false, submissionHash: "h", sourceHash: "s", feedback: `feedback/${student}.html`,
}) as unknown as NotebookGrade;

/** Students in gradebook.json, in its order. */
const inBook = () => (JSON.parse(fs.readFileSync(path.join(dir, "gradebook.json"), "utf8")) as { submissions: NotebookGrade[] }).submissions.map((g) => g.student);

describe("gradebookWriter", () => {
  it("writes at once, then at most once per interval, and everything at flush", () => {
    let t = 0, reads = 0;
    const grades: NotebookGrade[] = [];
    const book = gradebookWriter(dir, () => { reads++; return grades; }, 2000, () => t);
    const files = book.flush();
    expect(files).toEqual({ json: path.join(dir, "gradebook.json"), csv: path.join(dir, "gradebook.csv") });
    expect(inBook()).toEqual([]);
    expect(reads).toBe(1);

    // Ten results in 1.8 s: none is written before 2 s have passed since the first write.
    for (let i = 0; i < 10; i++) {
      t = 200 * i;
      grades.push(grade(`s${i}`, i));
      book.changed();
    }
    expect(reads).toBe(1);
    expect(inBook()).toEqual([]);

    // The next result after the interval writes all of them.
    t = 2000;
    grades.push(grade("s10", 10));
    book.changed();
    expect(reads).toBe(2);
    expect(inBook()).toHaveLength(11);

    // One more within the interval waits for flush; a second flush has nothing to write.
    t = 2500;
    grades.push(grade("s11", 1));
    book.changed();
    expect(inBook()).toHaveLength(11);
    book.flush();
    expect(inBook()).toHaveLength(12);
    book.flush();
    expect(reads).toBe(3);
    const csv = fs.readFileSync(path.join(dir, "gradebook.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(13); // header + 12
  });

  it("waits 20 write-times when writing is slower than the interval allows", () => {
    let t = 0, reads = 0;
    // Each write takes 500 ms on this clock: the next may come 10 s after it ends, not 2 s.
    const book = gradebookWriter(dir, () => { reads++; t += 500; return [grade("ada", 1)]; }, 2000, () => t);
    book.changed(); // t: 0 → 500
    expect(reads).toBe(1);
    t = 10_499;
    book.changed();
    expect(reads).toBe(1);
    t = 10_500;
    book.changed();
    expect(reads).toBe(2);
  });
});
