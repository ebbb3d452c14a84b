// Solution and hidden-test regions in cell sources. A marker is any line that
// contains the delimiter (nbgrader matches the same way), so the TypeScript
// form `// ### BEGIN SOLUTION` is also understood by nbgrader itself.

/** Delimiters, matched anywhere in a line. */
export const BEGIN_SOLUTION = "BEGIN SOLUTION";
export const END_SOLUTION = "END SOLUTION";
export const BEGIN_HIDDEN_TESTS = "BEGIN HIDDEN TESTS";
export const END_HIDDEN_TESTS = "END HIDDEN TESTS";

/**
 * What replaces a code solution. `throw` has type `never`, so a stub inside a
 * function body still type-checks whatever the declared return type, and
 * calling the function fails with a clear "not implemented".
 */
export const CODE_STUB = '// YOUR CODE HERE\nthrow new Error("not implemented");';
/** What replaces a written (markdown) answer, as in nbgrader. */
export const TEXT_STUB = "YOUR ANSWER HERE";

/** A malformed region; the message names where (file and cell) and the line. */
export class MarkerError extends Error {
  override name = "MarkerError";
}

/** A region's marker lines (0-based line numbers, inclusive). */
export interface Region {
  begin: number;
  end: number;
}

/**
 * Find the `begin`…`end` regions of `source`.
 * @param where names the cell in error messages, e.g. `lesson.ipynb cell 4 (grade_id "x")`
 * @throws MarkerError for a nested begin, an end without begin, or a region never closed
 */
export function findRegions(source: string, begin: string, end: string, where: string): Region[] {
  const lines = source.split("\n");
  const regions: Region[] = [];
  let open: number | null = null;
  lines.forEach((line, i) => {
    if (line.includes(begin)) {
      if (open !== null) throw new MarkerError(`${where}: line ${i + 1} has "${begin}" inside the region opened on line ${open + 1}; regions cannot nest`);
      open = i;
    } else if (line.includes(end)) {
      if (open === null) throw new MarkerError(`${where}: line ${i + 1} has "${end}" without a "${begin}" before it`);
      regions.push({ begin: open, end: i });
      open = null;
    }
  });
  if (open !== null) throw new MarkerError(`${where}: the "${begin}" on line ${(open as number) + 1} is never closed with "${end}"`);
  return regions;
}

function replaceRegions(source: string, regions: Region[], replacement: (indent: string) => string[]): string {
  const lines = source.split("\n");
  const out: string[] = [];
  let i = 0;
  for (const r of regions) {
    out.push(...lines.slice(i, r.begin));
    const indent = /^\s*/.exec(lines[r.begin]!)![0];
    out.push(...replacement(indent));
    i = r.end + 1;
  }
  out.push(...lines.slice(i));
  return out.join("\n");
}

/**
 * Replace each solution region of a cell with the stub, indented like its
 * begin marker. A solution cell without regions is replaced whole (as
 * nbgrader does); a code cell then holds only the stub.
 * @returns the student source, and whether anything was replaced
 */
export function clearSolutions(source: string, cellType: "code" | "markdown" | "raw", where: string, wholeCell: boolean): { source: string; replaced: boolean } {
  const stub = (cellType === "code" ? CODE_STUB : TEXT_STUB).split("\n");
  const regions = findRegions(source, BEGIN_SOLUTION, END_SOLUTION, where);
  if (regions.length > 0) return { source: replaceRegions(source, regions, (indent) => stub.map((l) => indent + l)), replaced: true };
  if (wholeCell) return { source: stub.join("\n"), replaced: true };
  return { source, replaced: false };
}

/** Remove hidden-test regions, marker lines included. */
export function removeHiddenTests(source: string, where: string): { source: string; removed: boolean } {
  const regions = findRegions(source, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS, where);
  if (regions.length === 0) return { source, removed: false };
  // Drop trailing blank lines a removed region at the end would leave.
  return { source: replaceRegions(source, regions, () => []).replace(/\n+$/, ""), removed: true };
}

/** Whether `source` has any solution or hidden-test marker. */
export function hasMarkers(source: string): { solution: boolean; hidden: boolean } {
  return {
    solution: source.includes(BEGIN_SOLUTION) || source.includes(END_SOLUTION),
    hidden: source.includes(BEGIN_HIDDEN_TESTS) || source.includes(END_HIDDEN_TESTS),
  };
}

/** The source with solution-marker lines removed and the solutions kept (what a fully correct student would hand in). */
export function solutionText(source: string): string {
  return source
    .split("\n")
    .filter((l) => !l.includes(BEGIN_SOLUTION) && !l.includes(END_SOLUTION))
    .join("\n");
}
