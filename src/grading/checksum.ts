// nbgrader-compatible cell checksums. nbgrader hashes more than the source:
// the cell type, the grade/solution/locked flags, the grade_id and the points,
// so changing a test's points or unlocking it is caught like an edit. We
// feed md5 the same bytes in the same order, so a checksum written by
// `descent release` is accepted by nbgrader and the other way round.
import crypto from "node:crypto";
import { joinText, type Cell } from "../jupyter";
import { isGrade, isLocked, isSolution, nbgraderOf } from "./metadata";

/** Python's `str(float(x))`, which nbgrader hashes for points: 2 → "2.0", 1e-5 → "1e-05". */
export function pythonFloatString(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const abs = Math.abs(x);
  // Python's repr switches to exponent notation below 1e-4 and from 1e16 on.
  if (x !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [mant, exp] = x.toExponential().split("e") as [string, string];
    const sign = exp.startsWith("-") ? "-" : "+";
    const digits = exp.replace(/^[+-]/, "").padStart(2, "0");
    return `${mant}e${sign}${digits}`;
  }
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

const pyBool = (b: boolean) => (b ? "True" : "False");

/**
 * The checksum nbgrader's `compute_checksum` gives a cell: md5 (hex) of its
 * source, cell type, "True"/"False" for grade, solution and locked, its
 * grade_id and, for grade cells, its points as a Python float string.
 * @throws Error when the cell has no nbgrader grade_id
 */
export function computeChecksum(cell: Cell): string {
  const m = nbgraderOf(cell);
  if (!m || typeof m.grade_id !== "string") throw new Error(`computeChecksum: the cell ${cell.id} has no nbgrader grade_id`);
  const h = crypto.createHash("md5");
  h.update(joinText(cell.source), "utf8");
  h.update(cell.cell_type, "utf8");
  h.update(pyBool(isGrade(cell)), "utf8");
  h.update(pyBool(isSolution(cell)), "utf8");
  h.update(pyBool(isLocked(cell)), "utf8");
  h.update(m.grade_id, "utf8");
  if (isGrade(cell)) h.update(pythonFloatString(Number(m.points)), "utf8");
  return h.digest("hex");
}
