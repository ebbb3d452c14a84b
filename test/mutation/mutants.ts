// Mutants of a graded exercise's reference solution: the solution cell with one
// small change inside its `### BEGIN SOLUTION` … `### END SOLUTION` region, made
// by rules that imitate the mistakes learners make (β and 1 − β swapped, a bias
// correction dropped, ε inside instead of outside the root, t off by one, a sign
// flipped, a Math.sqrt forgotten, a transpose or a 1/m missing, a loop bound off
// by one, one variable used for another). Each mutant is the whole cell source,
// so it can be run exactly where the solution cell runs.
import ts from "typescript";
import { BEGIN_SOLUTION, END_SOLUTION, findRegions } from "../../src/grading";

/** One mutant: which rule made it, what it changed (for reports and the accepted list), and the cell source. */
export interface Mutant {
  rule: string;
  /** `line N: <original> → <replacement>`, stable across runs (line counted from 1 in the cell). */
  id: string;
  source: string;
}

interface Edit {
  rule: string;
  start: number;
  end: number;
  text: string;
}

const ARITH_SWAP: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.PlusToken]: "-",
  [ts.SyntaxKind.MinusToken]: "+",
  [ts.SyntaxKind.AsteriskToken]: "/",
  [ts.SyntaxKind.SlashToken]: "*",
  [ts.SyntaxKind.AsteriskAsteriskToken]: "*",
};
const COMPARE_SWAP: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.LessThanToken]: "<=",
  [ts.SyntaxKind.LessThanEqualsToken]: "<",
  [ts.SyntaxKind.GreaterThanToken]: ">=",
  [ts.SyntaxKind.GreaterThanEqualsToken]: ">",
};
const ASSIGN_SWAP: Partial<Record<ts.SyntaxKind, string[]>> = {
  [ts.SyntaxKind.PlusEqualsToken]: ["-=", "="],
  [ts.SyntaxKind.MinusEqualsToken]: ["+=", "="],
  [ts.SyntaxKind.AsteriskEqualsToken]: ["/=", "="],
  [ts.SyntaxKind.SlashEqualsToken]: ["*=", "="],
};
/** Functions whose name a learner confuses with another of the same family. */
const FAMILIES: string[][] = [
  ["Math.floor", "Math.ceil", "Math.round"],
  ["Math.max", "Math.min"],
  ["matmul", "matmulTransA", "matmulTransB"],
  ["Math.exp", "Math.log"],
];
/** Calls whose two arguments commute: swapping them is no mistake. */
const COMMUTATIVE = new Set(["add", "mul", "Math.max", "Math.min", "Math.hypot", "maximum", "minimum"]);
/** Methods whose order in a chain does not matter when both are the same operation. */
const CHAIN_COMMUTES = new Set(["mul", "add"]);
/** Names of counters a learner gets off by one. */
const COUNTER = /^(t|i|j|k|l|n|step|epoch\w*|iter\w*)$/;

const isArith = (k: ts.SyntaxKind) => k in ARITH_SWAP;

/**
 * Every mutant of the solution regions of `source` (a solution cell), deduplicated, in a stable order.
 * Mutants whose text equals the original are dropped.
 */
export function mutantsOf(source: string): Mutant[] {
  const regions = findRegions(source, BEGIN_SOLUTION, END_SOLUTION, "mutants");
  if (regions.length === 0) return [];
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === "\n") lineStarts.push(i + 1);
  const ranges = regions.map((r) => [lineStarts[r.begin + 1] ?? source.length, lineStarts[r.end] ?? source.length] as const);
  const inRegion = (n: ts.Node, sf: ts.SourceFile) => ranges.some(([a, b]) => n.getStart(sf) >= a && n.getEnd() <= b);
  const sf = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, true);
  const text = (n: ts.Node) => n.getText(sf);
  const edits: Edit[] = [];
  const edit = (rule: string, n: ts.Node, t: string) => edits.push({ rule, start: n.getStart(sf), end: n.getEnd(), text: t });
  // A node's text where an operand goes: parenthesized unless it is already one unit.
  const paren = (n: ts.Expression) =>
    ts.isIdentifier(n) || ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n) || ts.isCallExpression(n) || ts.isParenthesizedExpression(n) || ts.isNumericLiteral(n) ? text(n) : `(${text(n)})`;

  // Parameters of the function the solution sits in, by type annotation: a learner uses one for another.
  const paramsByType = new Map<string, string[]>();
  const collectParams = (fn: ts.SignatureDeclaration) => {
    for (const p of fn.parameters) {
      if (!ts.isIdentifier(p.name)) continue;
      const type = p.type ? p.type.getText(sf) : p.initializer && ts.isNumericLiteral(p.initializer) ? "number" : null;
      if (!type) continue;
      const list = paramsByType.get(type) ?? [];
      list.push(p.name.text);
      paramsByType.set(type, list);
    }
  };
  // Loop counters (for-loop variables, forEach/map index parameters).
  const counters = new Set<string>();
  const scan = (n: ts.Node) => {
    if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n)) && ranges.some(([a, b]) => n.getStart(sf) < a && n.getEnd() > b)) collectParams(n);
    if (ts.isForStatement(n) && n.initializer && ts.isVariableDeclarationList(n.initializer)) {
      for (const d of n.initializer.declarations) if (ts.isIdentifier(d.name)) counters.add(d.name.text);
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ["forEach", "map"].includes(n.expression.name.text)) {
      const cb = n.arguments[0];
      if (cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && cb.parameters[1] && ts.isIdentifier(cb.parameters[1].name)) counters.add(cb.parameters[1].name.text);
    }
    ts.forEachChild(n, scan);
  };
  scan(sf);
  // One parameter for another of the same type: any other for matrices and records (the gradient used
  // where the velocity belongs), and for numbers only a sibling that differs in its digits (β1 for β2).
  const base = (name: string) => name.replace(/\d+/g, "");
  const sameTypeAs = (name: string): string[] => {
    for (const [type, list] of paramsByType) {
      if (!list.includes(name)) continue;
      const others = list.filter((x) => x !== name);
      return type === "number" ? others.filter((x) => base(x) === base(name)) : others;
    }
    return [];
  };

  /** An identifier used as a value (not a declaration, property name, or assignment target). */
  const isValueReference = (id: ts.Identifier): boolean => {
    const p = id.parent;
    if (ts.isVariableDeclaration(p) && p.name === id) return false;
    if (ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isPropertyAssignment(p) && p.name === id) return false;
    if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
    if (ts.isBinaryExpression(p) && p.left === id && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return false;
    if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return p.operator === ts.SyntaxKind.MinusToken;
    if (ts.isCallExpression(p) && p.expression === id) return false;
    if (ts.isShorthandPropertyAssignment(p)) return false;
    return true;
  };

  const visit = (n: ts.Node) => {
    if (inRegion(n, sf)) {
      // --- operators
      if (ts.isBinaryExpression(n)) {
        const k = n.operatorToken.kind, l = text(n.left), r = text(n.right);
        const swapped = ARITH_SWAP[k] ?? COMPARE_SWAP[k];
        if (swapped) edit(isArith(k) ? "operator" : "bound", n, `${l} ${swapped} ${r}`);
        if (isArith(k) && k !== ts.SyntaxKind.AsteriskAsteriskToken) {
          // a dropped term or factor: 1/m, a bias correction, ε, a learning rate
          edit("drop-operand", n, paren(n.left));
          if (k !== ts.SyntaxKind.SlashToken && k !== ts.SyntaxKind.MinusToken) edit("drop-operand", n, paren(n.right));
        }
        for (const t of ASSIGN_SWAP[k] ?? []) edit("assignment", n, `${l} ${t} ${r}`);
        // ε moved into or out of a square root: Math.sqrt(a) + e ↔ Math.sqrt(a + e)
        if (k === ts.SyntaxKind.PlusToken && ts.isCallExpression(n.left) && text(n.left.expression) === "Math.sqrt" && n.left.arguments.length === 1) {
          edit("epsilon-root", n, `Math.sqrt(${text(n.left.arguments[0]!)} + ${r})`);
        }
      }
      if (ts.isCallExpression(n) && text(n.expression) === "Math.sqrt" && n.arguments.length === 1) {
        const a = n.arguments[0]!;
        const inner = ts.isParenthesizedExpression(a) ? a.expression : a;
        if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken) edit("epsilon-root", n, `(Math.sqrt(${text(inner.left)}) + ${text(inner.right)})`);
      }
      // β and 1 − β swapped: every `1 - x` and every bare `x` of one statement exchanged
      if (ts.isExpressionStatement(n) || ts.isVariableStatement(n) || ts.isReturnStatement(n)) {
        const stmt = text(n);
        const names = new Set<string>();
        stmt.replace(/\b1 - (\w+)\b(?!\s*\*\*)/g, (_m, x: string) => (names.add(x), ""));
        for (const x of names) {
          const token = `__ONE_MINUS_${x}__`;
          const swapped = stmt
            .replace(new RegExp(`\\b1 - ${x}\\b(?!\\s*\\*\\*)`, "g"), token)
            .replace(new RegExp(`(?<![\\w.])${x}\\b(?!\\s*[:(])`, "g"), `(1 - ${x})`)
            .replaceAll(token, x);
          if (swapped !== stmt) edit("beta-swap", n, swapped);
        }
      }
      if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.MinusToken) edit("sign", n, text(n.operand));
      // --- literals: off by one, 0 for 1
      if (ts.isNumericLiteral(n) && !(ts.isPropertyAccessExpression(n.parent)) && !ts.isElementAccessExpression(n.parent)) {
        const v = Number(n.text);
        if (Number.isInteger(v)) {
          edit("literal", n, String(v + 1));
          if (v >= 1) edit("literal", n, String(v - 1));
        }
      }
      // --- identifiers: counters off by one, one parameter for another of the same type
      if (ts.isIdentifier(n) && isValueReference(n)) {
        if (counters.has(n.text) || (COUNTER.test(n.text) && (paramsByType.get("number") ?? []).includes(n.text))) {
          edit("counter", n, `(${n.text} + 1)`);
          edit("counter", n, `(${n.text} - 1)`);
        }
        for (const other of sameTypeAs(n.text)) edit("variable", n, other);
      }
      // --- calls
      if (ts.isCallExpression(n)) {
        const callee = text(n.expression);
        const args = n.arguments.map(text);
        if (ts.isPropertyAccessExpression(n.expression) && !callee.startsWith("Math.")) {
          // a step of a method chain left out: x.mul(1 - β) → x, s.map(Math.sqrt) → s, theta.slice() → theta
          const recv = n.expression.expression;
          edit("drop-call", n, text(recv));
          // two steps of a chain in the other order: .map(Math.sqrt).add(ε) → .add(ε).map(Math.sqrt)
          if (ts.isCallExpression(recv) && ts.isPropertyAccessExpression(recv.expression)) {
            const inner = recv.expression.name.text, outer = n.expression.name.text;
            if (!(inner === outer && CHAIN_COMMUTES.has(inner))) {
              edit("chain-order", n, `${text(recv.expression.expression)}.${outer}(${args.join(", ")}).${inner}(${recv.arguments.map(text).join(", ")})`);
            }
          }
        } else if (args.length >= 1) {
          // a function left out: Math.sqrt(x) → x, Math.floor(x) → x, scale(M, 1/m) → M
          edit("drop-call", n, paren(n.arguments[0]!));
        }
        // two arguments the other way round: randn(n[l−1], n[l]) for randn(n[l], n[l−1]), pow(t, β)
        const method = ts.isPropertyAccessExpression(n.expression) ? n.expression.name.text : callee;
        if (args.length === 2 && !COMMUTATIVE.has(callee) && !COMMUTATIVE.has(method)) edit("swap-args", n, `${callee}(${args[1]}, ${args[0]})`);
        for (const fam of FAMILIES) if (fam.includes(callee)) for (const other of fam) if (other !== callee) edit("family", n.expression, other);
      }
      // a transposed operand left untransposed
      if (ts.isPropertyAccessExpression(n) && n.name.text === "T" && !ts.isCallExpression(n.parent)) edit("transpose", n, text(n.expression));
      // --- a statement forgotten
      if (ts.isExpressionStatement(n)) edit("drop-statement", n, "");
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);

  const seen = new Set<string>([source.replace(/\s+/g, "")]);
  const out: Mutant[] = [];
  for (const e of edits) {
    const mutated = source.slice(0, e.start) + e.text + source.slice(e.end);
    const key = mutated.replace(/\s+/g, "");
    if (seen.has(key)) continue;
    seen.add(key);
    const line = source.slice(0, e.start).split("\n").length;
    const before = source.slice(e.start, e.end).replace(/\s+/g, " ").trim();
    const after = e.text.replace(/\s+/g, " ").trim() || "(nothing)";
    let id = `line ${line}: ${before} → ${after}`;
    for (let k = 2; out.some((m) => m.id === id); k++) id = `line ${line}: ${before} → ${after} (#${k})`;
    out.push({ rule: e.rule, id, source: mutated });
  }
  return out;
}
