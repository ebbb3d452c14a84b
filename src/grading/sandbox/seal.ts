// Seal the test cells of a graded notebook: a test takes the library helpers
// it uses (`check`, `adam`, `zeros`…) from the grading kernel's anchor, a
// global under a random name that the kernel locked before any student code
// ran (see harness.ts), instead of from names a student's cell can redeclare.
//
// In tslab every cell reads earlier cells' names through one shared object,
// so `function check() {}` in a solution cell would otherwise replace the
// `check` a hidden test calls. The test's code is wrapped, line numbers kept:
//
//   declare const dg$…: any; { const check = (dg$…["descent"] as typeof import("descent"))["check"]; const Math: typeof globalThis.Math = dg$…[" globals"].Math; { <test line 1>
//   <test lines 2…>
//   }}
//
// Which names are bound is read from the source notebook (never from the
// submission): the value imports of its non-solution cells above the test,
// unless a later instructor cell or any solution cell declares the name; and
// the standard globals the test names (Math, Array, Object…: intrinsics.ts),
// which a cell could otherwise shadow with a top-level declaration.
//
// With the gate (gate.ts), a test of an exercise that re-implements library
// functions also closes the gate on them for the length of the cell, and takes
// its bindings from the test's own entries:
//
//   declare const dg$…: any; { const dg$…$gate = dg$…[" gate"]("<grade_id>", "<its token>", ["adam"]); try { const adam = (dg$…$gate.modules["descent"] as …)["adam"]; { <test line 1>
//   <test lines 2…>
//   }} finally { dg$…$gate.done(); } }
import crypto from "node:crypto";
import { joinText, type Cell, type Notebook } from "../../jupyter";
import { importsOf, mentionedNames, topLevelNames, type ImportBinding } from "../bindings";
import { exerciseMap, gradeIdOf, isSolution, isTestCell } from "../metadata";
import { reimplementsOf } from "../shortcut";
import { GATE_KEY, gateToken } from "./gate";
import { hasSyntaxErrors, parseCell, typescript } from "../typescript";
import { GLOBALS_KEY, SEALED_GLOBALS } from "./intrinsics";

/** A fresh anchor name: unknown when the notebook was written, so no cell can declare it. */
export function newAnchor(): string {
  return `dg$${crypto.randomBytes(8).toString("hex")}`;
}

/** The instructor's imported bindings each test cell of `source` can see, by the test's grade_id. */
export function testBindings(source: Notebook): Map<string, Map<string, ImportBinding>> {
  const current = new Map<string, ImportBinding>();
  const out = new Map<string, Map<string, ImportBinding>>();
  for (const cell of source.cells) {
    if (cell.cell_type !== "code") continue;
    const sf = parseCell(joinText(cell.source));
    const imports = importsOf(sf);
    const importNames = new Set(imports.map((b) => b.local));
    if (isSolution(cell)) {
      // The student's own names: never bound.
      for (const n of topLevelNames(sf)) current.delete(n);
      continue;
    }
    for (const n of topLevelNames(sf)) if (!importNames.has(n)) current.delete(n);
    for (const b of imports) current.set(b.local, b);
    const id = gradeIdOf(cell);
    if (id && isTestCell(cell)) out.set(id, new Map(current));
  }
  return out;
}

/** A graded notebook whose test cells are sealed, and the modules the kernel must preload for them. */
export interface Sealed {
  notebook: Notebook;
  preload: string[];
  /** The names the gate guards (every exercise's re-implemented functions; empty without a gate secret). */
  guarded: string[];
}

/** What each test cell's exercise re-implements, by the test's grade_id (from the source). */
export function gatedNames(source: Notebook): Map<string, string[]> {
  const byExercise = new Map<string, string[]>();
  const exercises = exerciseMap(source);
  for (const [solution, names] of reimplementsOf(source)) {
    const ex = exercises.get(solution) ?? solution;
    byExercise.set(ex, [...new Set([...(byExercise.get(ex) ?? []), ...names])]);
  }
  const out = new Map<string, string[]>();
  for (const cell of source.cells) {
    const id = gradeIdOf(cell);
    const names = id && isTestCell(cell) ? byExercise.get(exercises.get(id) ?? id) : undefined;
    if (id && names?.length) out.set(id, names);
  }
  return out;
}

/**
 * Seal the test cells of `graded` (a submission merged with `source`).
 * @param canPreload whether the grading kernel can load a module (bindings to others are left alone)
 * @param gateSecret the gate's secret: tests of exercises that re-implement library functions close the gate on them
 */
export function sealTests(graded: Notebook, source: Notebook, anchor: string, canPreload: (module: string) => boolean, gateSecret?: string): Sealed {
  const bindings = testBindings(source);
  const gated = gateSecret ? gatedNames(source) : new Map<string, string[]>();
  const preload = new Set<string>();
  const cells = graded.cells.map((cell): Cell => {
    const id = gradeIdOf(cell);
    const visible = id && isTestCell(cell) ? bindings.get(id) : undefined;
    if (!visible) return cell;
    const text = joinText(cell.source);
    const names = gated.get(id!);
    const sealed = sealCell(text, visible, anchor, canPreload, names && gateSecret ? { cellId: id!, token: gateToken(gateSecret, id!), names } : undefined);
    if (!sealed) return cell;
    sealed.modules.forEach((m) => preload.add(m));
    return { ...cell, source: sealed.source };
  });
  const guarded = [...new Set([...gated.values()].flat())].sort();
  return { notebook: { ...graded, cells }, preload: [...preload].sort(), guarded };
}

/** Wrap one test cell's source; null when it needs nothing or cannot be parsed. With `gate`, the cell closes the gate on `gate.names` while it runs. */
export function sealCell(text: string, visible: Map<string, ImportBinding>, anchor: string, canPreload: (module: string) => boolean, gate?: { cellId: string; token: string; names: string[] }): { source: string; modules: string[] } | null {
  if (text.trimStart().startsWith("%%")) return null;
  const ts = typescript();
  const sf = parseCell(text);
  if (hasSyntaxErrors(sf)) return null;
  const mentioned = mentionedNames(sf);
  const binds = [...visible.values()].filter((b) => mentioned.has(b.local) && canPreload(b.module));
  // The globals it names, unless an import above binds that name.
  const globals = SEALED_GLOBALS.filter((n) => mentioned.has(n) && !visible.has(n));
  if (binds.length === 0 && globals.length === 0 && !gate) return null;
  // Imports cannot sit in a block: hoist them onto the first line (their own names are shadowed by the bindings).
  const lines = text.split("\n");
  const hoisted: string[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) || ts.isImportEqualsDeclaration(st)) {
      hoisted.push(st.getText(sf).replace(/\s*\n\s*/g, " "));
      const first = sf.getLineAndCharacterOfPosition(st.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(st.getEnd()).line;
      for (let l = first; l <= last; l++) lines[l] = "";
    }
  }
  const q = JSON.stringify;
  // With the gate, modules come from the test's entries (gate.ts); the entries' object holds the same modules otherwise.
  const entries = `${anchor}$gate`;
  const from = gate ? `${entries}.modules` : anchor;
  const consts = binds.map((b) => `const ${b.local} = (${from}[${q(b.module)}] as typeof import(${q(b.module)}))${b.imported === "*" ? "" : `[${q(b.imported)}]`};`);
  for (const n of globals) consts.push(`const ${n}: typeof globalThis.${n} = ${anchor}[${q(GLOBALS_KEY)}].${n};`);
  const open = gate ? [`const ${entries} = ${anchor}[${q(GATE_KEY)}](${q(gate.cellId)}, ${q(gate.token)}, ${q(gate.names)});`, "try {"] : [];
  const prologue = [...hoisted, `declare const ${anchor}: any;`, "{", ...open, ...consts, "{ "].join(" ");
  lines[0] = prologue + lines[0];
  const close = gate ? `}} finally { ${entries}.done(); } }` : "}}";
  return { source: `${lines.join("\n")}\n${close}`, modules: [...new Set(binds.map((b) => b.module))] };
}
