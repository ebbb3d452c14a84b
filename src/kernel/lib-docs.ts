// Documentation of the runtime's declaration files (lib.*.d.ts, @types/node),
// read only when asked for.
//
// TypeScript 5.0 parses every JSDoc comment of every file it reads, and the
// runtime's declarations carry ~9,000 of them: about a sixth of building the
// first program, which the first reply waits for. Those comments never change
// what a cell means (in .d.ts files types come from the code, not from JSDoc),
// only what inspection shows. So the compiler reads these files with `/**`
// turned into `/* ` (positions unchanged, the comment no longer JSDoc), and
// inspection takes a declaration's documentation from the original text when
// it finds none.

import path from "node:path";
import type * as TS from "@tslab/typescript-for-tslab";
import type { Ts } from "./typescript";

/** Declaration files whose JSDoc is blanked: TypeScript's lib files, @types/node, undici-types. */
export function isRuntimeDeclaration(fileName: string, libDir: string): boolean {
  if (!fileName.endsWith(".d.ts")) return false;
  if (path.dirname(fileName) === libDir) return path.basename(fileName).startsWith("lib.");
  return /[\\/]node_modules[\\/](@types[\\/]node|undici-types)[\\/]/.test(fileName);
}

/** `text` with every JSDoc opener `/**` made a plain comment (`/**\/`, the empty comment, is left alone). */
export function blankJsDoc(text: string): string {
  return text.replace(/\/\*\*(?!\/)/g, "/* ");
}

/** A declaration's JSDoc, read from `original` (the file's text before blanking). */
export interface RecoveredDoc {
  documentation: string;
  tags: { name: string; text: string }[];
}

/**
 * The JSDoc just before `node` (or the statement holding it) in the original
 * text of its file, if that file was blanked. `readOriginal` reads a file.
 */
export function recoverDoc(ts: Ts, node: TS.Node, libDir: string, readOriginal: (fileName: string) => string | undefined): RecoveredDoc | undefined {
  const sf = node.getSourceFile();
  if (!isRuntimeDeclaration(sf.fileName, libDir)) return undefined;
  const original = readOriginal(sf.fileName);
  if (original === undefined) return undefined;
  // A variable's doc sits before its statement; a member's before itself.
  let n: TS.Node = node;
  for (let up = 0; !ts.isSourceFile(n) && up < 3; n = n.parent, up++) {
    const ranges = ts.getLeadingCommentRanges(original, n.pos) ?? [];
    const doc = [...ranges].reverse().find((r) => original.startsWith("/**", r.pos));
    if (!doc) continue;
    const parsed = (ts as unknown as { parseIsolatedJSDocComment(s: string): { jsDoc?: TS.JSDoc } | undefined }).parseIsolatedJSDocComment(original.slice(doc.pos, doc.end));
    const jsDoc = parsed?.jsDoc;
    if (!jsDoc) return undefined;
    const comment = (c: TS.JSDoc["comment"]) => (ts.getTextOfJSDocComment(c) ?? "").trim();
    const tags = (jsDoc.tags ?? []).map((t) => {
      const name = t.tagName.escapedText as string;
      const param = ts.isJSDocParameterTag(t) ? `${entityName(ts, t.name)} ` : "";
      return { name, text: (param + comment(t.comment)).trim() };
    });
    return { documentation: comment(jsDoc.comment), tags };
  }
  return undefined;
}

function entityName(ts: Ts, n: TS.EntityName): string {
  return ts.isIdentifier(n) ? n.text : `${entityName(ts, n.left)}.${n.right.text}`;
}
