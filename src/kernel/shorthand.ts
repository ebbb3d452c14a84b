// tslab runs each cell as a module and reaches variables of earlier cells as
// `exports.name`; its rewrite skips shorthand properties, so `{ beta }` in a
// later cell finds no `beta` at run time. Spelling shorthands out as
// `{ beta: beta }` before conversion sidesteps that; the meaning is the same
// for object literals and for destructuring assignments (`{ a = 1 } = o`).
import { createRequire } from "node:module";
import type * as TS from "typescript";

// The TypeScript that tslab itself compiles with.
const ts = createRequire(require.resolve("tslab"))("typescript") as typeof TS;

/** `src` with every shorthand property `{ x }` written as `{ x: x }`. */
export function expandShorthand(src: string): string {
  if (!src.includes("{")) return src;
  const sf = ts.createSourceFile("cell.ts", src, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const at: { pos: number; name: string }[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) at.push({ pos: node.name.getEnd(), name: node.name.text });
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (at.length === 0) return src;
  let out = src;
  for (const { pos, name } of at.sort((a, b) => b.pos - a.pos)) out = out.slice(0, pos) + ": " + name + out.slice(pos);
  return out;
}
