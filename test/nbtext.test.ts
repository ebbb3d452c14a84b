// scripts/nbtext.mjs, the authors' text form of a notebook: every lesson goes to text and back
// unchanged (a cell's source, type, id and metadata, and the notebook's metadata), so that editing
// a lesson as text changes only what the author changed.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collectNotebooks, joinText, readNotebook } from "../src/jupyter";
// @ts-expect-error: a plain ES module script, without types
import { toIpynb, toText } from "../scripts/nbtext.mjs";

type Cell = { cell_type: string; id?: string; metadata?: object; source: string | string[] };
type Nb = { cells: Cell[]; metadata: object };
const convert = { toText: toText as (nb: Nb) => string, toIpynb: toIpynb as (text: string, previous?: Nb) => Nb };
const lessons = collectNotebooks([path.resolve(__dirname, "../lessons")]);
const shape = (nb: Nb) => nb.cells.map((c) => ({ type: c.cell_type, id: c.id, metadata: c.metadata ?? {}, source: joinText(c.source) }));

describe("nbtext", () => {
  it.each(lessons.map((f) => [path.basename(f), f]))("%s goes to text and back unchanged", (_name, f) => {
    const nb = readNotebook(f) as unknown as Nb;
    const back = convert.toIpynb(convert.toText(nb), nb);
    expect(shape(back)).toEqual(shape(nb));
    expect(back.metadata).toEqual(nb.metadata);
  });

  it("keeps markdown's blank and indented lines, and splits sources into lines as Jupyter does", () => {
    const nb: Nb = {
      metadata: {},
      cells: [
        { cell_type: "markdown", id: "m1", metadata: {}, source: "# Title\n\n  - indented\n\nlast" },
        { cell_type: "code", id: "c1", metadata: { nbgrader: { grade: false } }, source: "const a = 1;\n\nconst b = 2;" },
      ],
    };
    const back = convert.toIpynb(convert.toText(nb), nb);
    expect(shape(back)).toEqual(shape(nb));
    expect(back.cells[1]!.source).toEqual(["const a = 1;\n", "\n", "const b = 2;"]);
  });

  it("refuses text before the first cell marker and a cell id used twice", () => {
    expect(() => convert.toIpynb("stray\n// %%\n1")).toThrow(/before the first "\/\/ %%" cell marker/);
    expect(() => convert.toIpynb("// %% id=a\n1\n// %% id=a\n2")).toThrow(/duplicate cell id a/);
  });
});
