// The project's published reading copies (docs/lessons) against the lessons
// they copy: used by the cheap structure test (sources) and by the pack run
// (outputs, after executing every lesson).
import path from "node:path";
import { hasTag, joinText, TIMING_TAG, type Notebook, type Output } from "../../src/jupyter";
import { sortedReplacer } from "../../src/jupyter/nbformat";

export const READING_DIR = path.resolve(__dirname, "..", "..", "docs", "lessons");
export const REPUBLISH = "run `npm run publish-lessons` and commit docs/lessons";

/** JSON with object keys sorted: the copies are written with sorted keys, the lessons as their authors saved them. */
const canonical = (v: unknown) => JSON.stringify(v, sortedReplacer);

/** Where a copy's cells differ from the lesson's: type, id, source, metadata (tags), in order. */
export function sourceDifferences(copy: Notebook, lesson: Notebook): string[] {
  const out: string[] = [];
  if (copy.cells.length !== lesson.cells.length) out.push(`${copy.cells.length} cells, the lesson has ${lesson.cells.length}`);
  lesson.cells.forEach((c, i) => {
    const d = copy.cells[i];
    if (!d) return;
    if (d.cell_type !== c.cell_type || d.id !== c.id || joinText(d.source) !== joinText(c.source) || canonical(d.metadata) !== canonical(c.metadata)) out.push(`cell ${i + 1} differs from the lesson's`);
  });
  if (canonical(copy.metadata) !== canonical(lesson.metadata)) out.push("the notebook's metadata differs from the lesson's");
  return out;
}

/** Outputs as compared: a PNG by the hash of the SVG it was drawn from (its metadata), not by its bytes, which depend on the machine's fonts. */
const comparable = (outputs: Output[]) => outputs.map((o) => ("data" in o && o.data["image/png"] !== undefined ? { ...o, data: { ...o.data, "image/png": "(drawn from the SVG in metadata)" } } : o));

/** Code cells whose outputs differ between two copies of one lesson, skipping cells tagged `timing`. */
export function outputDifferences(committed: Notebook, fresh: Notebook): string[] {
  const out: string[] = [];
  fresh.cells.forEach((c, i) => {
    const d = committed.cells[i];
    if (c.cell_type !== "code" || hasTag(c, TIMING_TAG)) return;
    if (!d || d.cell_type !== "code") out.push(`cell ${i + 1} is missing`);
    else if (canonical(comparable(d.outputs)) !== canonical(comparable(c.outputs))) out.push(`cell ${i + 1}'s outputs differ`);
  });
  return out;
}
