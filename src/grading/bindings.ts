// What a cell imports, declares and mentions, read with TypeScript's parser.
// tslab runs each cell as a module whose top-level names later cells see, so
// a notebook's names are a sequence of cells' top-level declarations.
import type * as TS from "typescript";
import { typescript } from "./typescript";

/** One imported binding: `local` is `imported` of `module` ("*" for a namespace, "default"). */
export interface ImportBinding {
  local: string;
  module: string;
  imported: string;
}

/** Value imports of a cell (type-only imports are left out). */
export function importsOf(sf: TS.SourceFile): ImportBinding[] {
  const ts = typescript();
  const out: ImportBinding[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const module = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) out.push({ local: clause.name.text, module, imported: "default" });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) out.push({ local: nb.name.text, module, imported: "*" });
      else if (nb) for (const el of nb.elements) if (!el.isTypeOnly) out.push({ local: el.name.text, module, imported: (el.propertyName ?? el.name).text });
    } else if (ts.isImportEqualsDeclaration(st) && !st.isTypeOnly && ts.isExternalModuleReference(st.moduleReference) && ts.isStringLiteral(st.moduleReference.expression)) {
      out.push({ local: st.name.text, module: st.moduleReference.expression.text, imported: "*" });
    }
  }
  return out;
}

/** Names bound by a binding pattern or identifier (`{ a, b: [c] }` → a, c). */
export function boundNames(name: TS.BindingName): string[] {
  const ts = typescript();
  if (ts.isIdentifier(name)) return [name.text];
  const out: string[] = [];
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) out.push(...boundNames(el.name));
  return out;
}

/** Value names a cell declares at its top level (variables, functions, classes, enums, namespaces, imports). */
export function topLevelNames(sf: TS.SourceFile): string[] {
  const ts = typescript();
  const out: string[] = [];
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) out.push(...boundNames(d.name));
    else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) out.push(st.name.text);
    else if (ts.isModuleDeclaration(st) && ts.isIdentifier(st.name)) out.push(st.name.text);
  }
  out.push(...importsOf(sf).map((b) => b.local));
  return out;
}

/** Whether `id` is a reference to a binding (not a property name, a declared member or a label). */
export function isReference(id: TS.Identifier): boolean {
  const ts = typescript();
  const p = id.parent;
  if (!p) return true;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if ((ts.isLabeledStatement(p) || ts.isBreakStatement(p) || ts.isContinueStatement(p)) && p.label === id) return false;
  if ((ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && p.propertyName === id) return false;
  return true;
}

/** Every name a cell mentions as a reference (over-approximate: includes its own locals). */
export function mentionedNames(sf: TS.SourceFile): Set<string> {
  const ts = typescript();
  const out = new Set<string>();
  const visit = (n: TS.Node): void => {
    if (ts.isIdentifier(n) && isReference(n)) out.add(n.text);
    else if (ts.isShorthandPropertyAssignment(n)) out.add(n.name.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}
