// tslab runs each cell as a module and reaches variables of earlier cells as
// `exports.name`. Its rewrite misses two spots, fixed here in the cell's
// source before conversion, without changing its meaning:
// - shorthand properties: `{ beta }` would find no `beta` at run time, so it
//   is spelled `{ beta: beta }` (also right in destructuring assignments);
// - renamed destructuring `const { params: p } = f()`, where `params` is also
//   an earlier cell's variable: tslab turns the key into `exports`, a syntax
//   error; a quoted key `{ "params": p }` is left alone.
import type * as TS from "@tslab/typescript-for-tslab";
import { loadTypeScript } from "./typescript";

/** `src` with shorthand properties `{ x }` spelled out and destructuring keys `{ x: y }` quoted. */
export function expandShorthand(src: string): string {
  if (!src.includes("{")) return src;
  // The TypeScript that tslab itself compiles with (already loaded in the compiler thread).
  const { ts } = loadTypeScript();
  const sf = ts.createSourceFile("cell.ts", src, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  // Edits as [start, end, replacement], applied from the end of the text.
  const edits: [number, number, string][] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      const end = node.name.getEnd();
      edits.push([end, end, ": " + node.name.text]);
    } else if (ts.isBindingElement(node) && node.propertyName && ts.isIdentifier(node.propertyName)) {
      edits.push([node.propertyName.getStart(sf), node.propertyName.getEnd(), JSON.stringify(node.propertyName.text)]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = src;
  for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
  return out;
}
