// Inspection at the cursor (Shift-Tab in Notebook, contextual help in Lab):
// what the learner is pointing at, in this order:
// 1. the option being typed in an object literal argument — `adam({ lea|` —
//    shown with its type and TSDoc, then the call it belongs to (with the
//    cursor in the braces but on no name, every option is listed);
// 2. the name under or just before the cursor — `adam|`, `rng.ran|dn`;
// 3. the call the cursor is inside — `adam(|`, `lines(ys, |` — as
//    ipykernel does: its signature, the argument being written, the TSDoc.
// Works on the program tslab built for the cell (compiler.ts), with
// TypeScript's own quick-info and signature-help services.

import type * as TS from "@tslab/typescript-for-tslab";
import type { RecoveredDoc } from "./lib-docs";
import type { Ts } from "./typescript";

/** Documentation for a declaration whose file was read without it (lib-docs.ts). */
export type Recover = (node: TS.Node) => RecoveredDoc | undefined;

/** TypeScript services used here that its public typings do not list. */
interface Internals {
  getTouchingPropertyName(sf: TS.SourceFile, pos: number): TS.Node;
  getTokenAtPosition(sf: TS.SourceFile, pos: number): TS.Node;
  getQuickInfoAtPosition(sf: TS.SourceFile, checker: TS.TypeChecker, token: TS.CancellationToken, pos: number): TS.QuickInfo | undefined;
  SignatureHelp: {
    getSignatureHelpItems(program: TS.Program, sf: TS.SourceFile, pos: number, reason: undefined, token: TS.CancellationToken): TS.SignatureHelpItems | undefined;
  };
}

const NEVER_CANCEL: TS.CancellationToken = { isCancellationRequested: () => false, throwIfCancellationRequested: () => undefined };

/** Options listed at most when the cursor is in an empty spot of an options object. */
const MAX_OPTIONS = 40;

/**
 * Inspection text for `cursor` (an offset into the cell); `offset` is where
 * the cell starts in `sf` (tslab prefixes a line). Undefined = nothing there.
 */
export function inspectAt(ts: Ts, program: TS.Program, sf: TS.SourceFile, offset: number, cursor: number, recover: Recover = () => undefined): string | undefined {
  const t = ts as unknown as Internals & Ts;
  const pos = offset + cursor;
  const checker = program.getTypeChecker();
  const touching = t.getTouchingPropertyName(sf, pos);
  const call = () => callAt(ts, t, program, sf, pos, recover);

  const options = optionsAt(ts, t, checker, sf, pos, touching, recover);
  if (options) {
    const owner = call();
    return owner ? `${options}\n\n— option of ${owner.split("\n")[0]}` : options;
  }
  if (touching !== sf && (ts.isIdentifier(touching) || ts.isPrivateIdentifier(touching) || touching.kind === ts.SyntaxKind.ThisKeyword)) {
    // A name declared nowhere (a typo) has only the error type, "any", to show: nothing is found there, as in ipykernel.
    const quick = t.getQuickInfoAtPosition(sf, checker, NEVER_CANCEL, pos);
    const info = quick && quick.kind !== ts.ScriptElementKind.unknown ? quick : undefined;
    if (info && !info.documentation?.length && !info.tags?.length) {
      const doc = declarationOf(ts, checker, touching);
      const found = doc && recover(doc);
      if (found) return joinDoc(ts.displayPartsToString(info.displayParts), found);
    }
    if (info) return formatQuickInfo(ts, info);
  }
  return call();
}

/** The option (or options) of the object literal the cursor is typing in, with docs. */
function optionsAt(ts: Ts, t: Internals, checker: TS.TypeChecker, sf: TS.SourceFile, pos: number, touching: TS.Node, recover: Recover): string | undefined {
  let literal: TS.ObjectLiteralExpression | undefined;
  let typed: string | undefined;
  const parent = touching.parent as TS.Node | undefined;
  if (ts.isIdentifier(touching) && parent && (ts.isShorthandPropertyAssignment(parent) || ts.isPropertyAssignment(parent)) && parent.name === touching && ts.isObjectLiteralExpression(parent.parent)) {
    literal = parent.parent;
    typed = touching.text;
  } else {
    // On no name: the braces or a comma of the literal itself, or the space between members.
    const token = t.getTokenAtPosition(sf, pos);
    const owner = token.parent as TS.Node | undefined;
    if (owner && ts.isObjectLiteralExpression(owner) && pos > owner.getStart(sf) && pos < owner.end) literal = owner;
  }
  if (!literal) return undefined;
  const contextual = checker.getContextualType(literal);
  if (!contextual) return undefined;
  const type = checker.getNonNullableType(contextual);
  const all = type.isUnion() ? type.types.flatMap((m) => checker.getPropertiesOfType(m)) : checker.getPropertiesOfType(type);
  const unique = [...new Map(all.map((p) => [p.name, p])).values()];
  let chosen: TS.Symbol[];
  if (typed === undefined) chosen = unique.slice(0, MAX_OPTIONS);
  else {
    const exact = unique.filter((p) => p.name === typed);
    const lower = typed.toLowerCase();
    chosen = exact.length ? exact : unique.filter((p) => p.name.toLowerCase().startsWith(lower));
  }
  if (!chosen.length) return undefined;
  return chosen.map((p) => describeProperty(ts, checker, p, literal!, recover)).join("\n\n");
}

function describeProperty(ts: Ts, checker: TS.TypeChecker, p: TS.Symbol, at: TS.Node, recover: Recover): string {
  const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
  const type = checker.typeToString(checker.getTypeOfSymbolAtLocation(p, at), undefined, ts.TypeFormatFlags.NoTruncation);
  const head = `${p.name}${optional ? "?" : ""}: ${optional ? type.replace(/ \| undefined$/, "") : type}`;
  let doc = docText(ts, p.getDocumentationComment(checker), p.getJsDocTags(checker));
  if (!doc && p.declarations?.[0]) doc = recoveredText(recover(p.declarations[0]));
  return doc ? `${head}\n${indent(doc)}` : head;
}

/** The declaration a name refers to (through an import alias). */
function declarationOf(ts: Ts, checker: TS.TypeChecker, name: TS.Node): TS.Declaration | undefined {
  let symbol = checker.getSymbolAtLocation(name);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
}

function recoveredText(doc: RecoveredDoc | undefined): string {
  if (!doc) return "";
  return [doc.documentation, ...doc.tags.map((t) => `@${t.name}${t.text ? " " + t.text : ""}`)].filter(Boolean).join("\n");
}

function joinDoc(head: string, doc: RecoveredDoc): string {
  const text = recoveredText(doc);
  return text ? `${head}\n\n${text}` : head;
}

/** The signature of the call around `pos`, the argument being written, and the call's TSDoc. */
function callAt(ts: Ts, t: Internals, program: TS.Program, sf: TS.SourceFile, pos: number, recover: Recover): string | undefined {
  let help: TS.SignatureHelpItems | undefined;
  try {
    help = t.SignatureHelp.getSignatureHelpItems(program, sf, pos, undefined, NEVER_CANCEL);
  } catch {
    return undefined; // an incomplete cell TypeScript cannot make sense of
  }
  const item = help?.items[help.selectedItemIndex];
  if (!help || !item) return undefined;
  const text = (parts: readonly TS.SymbolDisplayPart[] | undefined) => ts.displayPartsToString(parts as TS.SymbolDisplayPart[] | undefined);
  const params = item.parameters.map((p) => text(p.displayParts));
  const signature = text(item.prefixDisplayParts) + params.join(text(item.separatorDisplayParts)) + text(item.suffixDisplayParts);
  const lines = [signature + (help.items.length > 1 ? `  (+${help.items.length - 1} overload${help.items.length > 2 ? "s" : ""})` : "")];
  // Documentation the compiler read without (a runtime declaration): from the resolved signature's declaration.
  const recovered = !item.documentation.length && !item.tags.length ? recoverCallDoc(ts, t, program, sf, pos, recover) : undefined;
  const active = item.parameters[Math.min(help.argumentIndex, item.parameters.length - 1)];
  if (active) {
    let doc = text(active.documentation);
    if (!doc && recovered) doc = recovered.tags.find((g) => g.name === "param" && g.text.startsWith(active.name + " "))?.text.slice(active.name.length + 1) ?? "";
    if (item.parameters.length > 1 || doc) lines.push(`argument: ${text(active.displayParts)}${doc ? ` — ${doc}` : ""}`);
  }
  const doc = docText(ts, item.documentation, item.tags) || recoveredText(recovered);
  if (doc) lines.push("", doc);
  return lines.join("\n");
}

function recoverCallDoc(ts: Ts, t: Internals, program: TS.Program, sf: TS.SourceFile, pos: number, recover: Recover): RecoveredDoc | undefined {
  // The token before the cursor: at the end of an unfinished call there is no token at it.
  for (let n: TS.Node | undefined = ts.findPrecedingToken(pos, sf); n && !ts.isSourceFile(n); n = n.parent) {
    if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && n.arguments && pos >= n.arguments.pos) {
      const declaration = program.getTypeChecker().getResolvedSignature(n)?.declaration;
      return declaration ? recover(declaration) : undefined;
    }
  }
  return undefined;
}

/** Quick info as text: the declaration, then its documentation and tags. */
export function formatQuickInfo(ts: Ts, info: TS.QuickInfo): string {
  const head = ts.displayPartsToString(info.displayParts);
  const doc = docText(ts, info.documentation, info.tags);
  return doc ? `${head}\n\n${doc}` : head;
}

function docText(ts: Ts, documentation: readonly TS.SymbolDisplayPart[] | undefined, tags: readonly TS.JSDocTagInfo[] | undefined): string {
  const out: string[] = [];
  const body = ts.displayPartsToString(documentation as TS.SymbolDisplayPart[] | undefined).trim();
  if (body) out.push(body);
  for (const tag of tags ?? []) {
    const text = ts.displayPartsToString(tag.text).trim();
    out.push(`@${tag.name}${text ? " " + text : ""}`);
  }
  return out.join("\n");
}

function indent(s: string): string {
  return s
    .split("\n")
    .map((l) => "    " + l)
    .join("\n");
}
