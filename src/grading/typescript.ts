// The TypeScript compiler the grader parses cells with: the copy tslab
// bundles (a dependency of tslab, so always installed with descent), loaded
// only when a notebook is graded.
import Module from "node:module";
import type * as TS from "typescript";

let ts: typeof TS | undefined;

/** TypeScript's compiler API (tslab's copy). */
export function typescript(): typeof TS {
  ts ??= Module.createRequire(require.resolve("tslab/package.json"))("@tslab/typescript-for-tslab") as typeof TS;
  return ts;
}

/** Parse one cell's source as a TypeScript module. */
export function parseCell(source: string, name = "cell.ts"): TS.SourceFile {
  const t = typescript();
  return t.createSourceFile(name, source, t.ScriptTarget.Latest, true, t.ScriptKind.TS);
}

/** Whether the parser found syntax errors (the cell would not run anyway). */
export function hasSyntaxErrors(sf: TS.SourceFile): boolean {
  return ((sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0) > 0;
}
