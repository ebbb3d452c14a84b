// "No shortcut through the library": an exercise that re-implements library
// functions declares them on its solution cell,
//
//   "metadata": { "nbgrader": {…}, "descent": { "reimplements": ["adam", "momentum"] } }
//
// and a solution that calls one of them earns no points for that exercise.
// The calls are found with TypeScript's parser and a small scope-aware taint
// analysis over the notebook's cells in order (tslab shares each cell's
// top-level names with the cells after it):
//
// - a value is tainted when it gives access to a listed function: an import
//   of it from descent (aliases included), descent's namespace
//   (`import * as d`, `require("descent")`, `import("descent")`, a require of
//   a path or of a computed name) read by that name or by a computed key,
//   destructuring of those, a variable, object, array or call result built
//   from a tainted value, and a function or class whose body uses one (a
//   helper defined in another cell);
// - the solution's code is its solution cell, plus any declaration of, or
//   assignment to, one of the names that cell declares made in another cell
//   the student controls (a later cell could otherwise redefine it);
// - in that code, any use of a tainted value is a shortcut. A local
//   variable, parameter or property that only shares a listed name is not.
import type * as TS from "typescript";
import { joinText, type Cell, type Notebook } from "../jupyter";
import { boundNames, topLevelNames } from "./bindings";
import { exerciseMap, gradeIdOf, isLocked, isSolution, isTestCell } from "./metadata";
import { parseCell, typescript } from "./typescript";

/** A solution that uses a library function its exercise re-implements. */
export interface Shortcut {
  exercise: string;
  /** The solution cell's grade_id. */
  gradeId: string;
  /** The library functions it uses, sorted. */
  names: string[];
  /** For the feedback page and `validate`. */
  message: string;
}

/** The library functions each solution cell re-implements, by grade_id (from `metadata.descent.reimplements`). */
export function reimplementsOf(nb: Notebook): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const cell of nb.cells) {
    const id = gradeIdOf(cell);
    const d = cell.metadata.descent as { reimplements?: unknown } | undefined;
    if (!id || !isSolution(cell) || !Array.isArray(d?.reimplements)) continue;
    const names = (d!.reimplements as unknown[]).filter((n): n is string => typeof n === "string" && n !== "");
    if (names.length) out.set(id, names);
  }
  return out;
}

/** The top-level names each solution cell declares, by grade_id: the source's tell what a submission's solution must define. */
export function solutionNamesOf(nb: Notebook): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const cell of nb.cells) {
    const id = gradeIdOf(cell);
    if (id && isSolution(cell) && cell.cell_type === "code") out.set(id, topLevelNames(parseCell(joinText(cell.source))));
  }
  return out;
}

/** `metadata.descent.reimplements` problems of a source notebook (a list of non-empty strings on a solution cell). */
export function reimplementsProblems(nb: Notebook): string[] {
  const out: string[] = [];
  nb.cells.forEach((cell, i) => {
    const d = cell.metadata.descent as { reimplements?: unknown } | undefined;
    if (!d || d.reimplements === undefined) return;
    const where = `cell ${i + 1}${gradeIdOf(cell) ? ` (grade_id "${gradeIdOf(cell)}")` : ""}`;
    if (!isSolution(cell)) out.push(`${where}: metadata.descent.reimplements belongs on a solution cell`);
    else if (!Array.isArray(d.reimplements) || !d.reimplements.every((n) => typeof n === "string" && n !== "")) out.push(`${where}: metadata.descent.reimplements must be a list of library function names, got ${JSON.stringify(d.reimplements)}`);
  });
  return out;
}

/** Whether a module specifier may be descent (or a file inside it): the package, a subpath, a path, or computed. */
function isLibrary(spec: string | null): boolean {
  return spec === null || spec === "descent" || spec.startsWith("descent/") || spec.startsWith(".") || spec.startsWith("/");
}

/** What a value gives access to: the library namespace, or a set of listed functions. */
type Taint = { ns: true } | { fns: Set<string> };
const NONE = null;
type T = Taint | typeof NONE;

const fns = (names: Iterable<string>): T => {
  const s = new Set(names);
  return s.size ? { fns: s } : NONE;
};

function union(...ts: T[]): T {
  if (ts.some((t) => t && "ns" in t)) return { ns: true };
  const s = new Set<string>();
  for (const t of ts) if (t && "fns" in t) t.fns.forEach((n) => s.add(n));
  return s.size ? { fns: s } : NONE;
}

class Scope {
  readonly vars = new Map<string, T>();
  constructor(readonly parent: Scope | null) {}
  lookup(name: string): { scope: Scope; taint: T } | null {
    for (let s: Scope | null = this; s; s = s.parent) if (s.vars.has(name)) return { scope: s, taint: s.vars.get(name) ?? NONE };
    return null;
  }
  taint(name: string, t: T): void {
    const found = this.lookup(name);
    const target = found?.scope ?? this;
    target.vars.set(name, union(found?.taint ?? NONE, t));
  }
}

/** Finds uses of `forbidden` in solution code, given a notebook's cells in order. */
class Analysis {
  private readonly ts = typescript();
  /** Uses found in the solution code being walked. */
  used = new Set<string>();
  private solution = false;

  constructor(readonly forbidden: Set<string>) {}

  /** Module namespace taint, read by a property name. */
  private member(t: T, name: string | null): T {
    if (!t) return NONE;
    if ("ns" in t) return name === null ? fns(this.forbidden) : this.forbidden.has(name) ? fns([name]) : NONE;
    return t;
  }

  private note(t: T): void {
    if (!this.solution || !t) return;
    // The namespace itself is only a shortcut once a listed function is read from it.
    if ("fns" in t) t.fns.forEach((n) => this.used.add(n));
  }

  private requireSpec(call: TS.CallExpression): string | null | undefined {
    const ts = this.ts;
    const isRequire = ts.isIdentifier(call.expression) && call.expression.text === "require";
    const isImport = call.expression.kind === ts.SyntaxKind.ImportKeyword;
    if (!isRequire && !isImport) return undefined;
    const arg = call.arguments[0];
    return arg && ts.isStringLiteralLike(arg) ? arg.text : null;
  }

  /** The taint of an expression; marks uses when walking solution code. */
  expr(e: TS.Expression | undefined, scope: Scope): T {
    const ts = this.ts;
    if (!e) return NONE;
    if (ts.isIdentifier(e)) {
      const found = scope.lookup(e.text);
      // `require` itself, handed around (`const req = require`): whoever holds it holds the library.
      if (!found && e.text === "require") return { ns: true };
      const t = found?.taint ?? NONE;
      this.note(t);
      return t;
    }
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e) || ts.isSatisfiesExpression(e) || ts.isSpreadElement(e)) {
      return this.expr(e.expression, scope);
    }
    if (ts.isPropertyAccessExpression(e)) {
      // Any `….require` (module.require, process.mainModule.require, require.main.require) loads modules as require does.
      if (e.name.text === "require") {
        this.exprQuiet(e.expression, scope);
        return { ns: true };
      }
      const base = this.exprQuiet(e.expression, scope);
      const t = this.member(base, e.name.text);
      this.note(t);
      return t;
    }
    if (ts.isElementAccessExpression(e)) {
      const base = this.exprQuiet(e.expression, scope);
      this.expr(e.argumentExpression, scope);
      const key = ts.isStringLiteralLike(e.argumentExpression) || ts.isNumericLiteral(e.argumentExpression) ? e.argumentExpression.text : null;
      const t = this.member(base, key);
      this.note(t);
      return t;
    }
    if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
      if (ts.isCallExpression(e)) {
        const spec = this.requireSpec(e);
        if (spec !== undefined) {
          e.arguments.forEach((a) => this.expr(a, scope));
          return isLibrary(spec) ? { ns: true } : NONE;
        }
      }
      const callee = this.expr(e.expression, scope);
      const args = (e.arguments ?? []).map((a) => this.expr(a, scope));
      // A call's result carries what went in: adam({…}) is Adam; Object.values(d) holds every function.
      return union(callee, ...args.map((a) => (a && "ns" in a ? fns(this.forbidden) : a)));
    }
    if (ts.isConditionalExpression(e)) {
      this.expr(e.condition, scope);
      return union(this.expr(e.whenTrue, scope), this.expr(e.whenFalse, scope));
    }
    if (ts.isBinaryExpression(e)) {
      const k = e.operatorToken.kind;
      if (k === ts.SyntaxKind.EqualsToken || k === ts.SyntaxKind.BarBarEqualsToken || k === ts.SyntaxKind.QuestionQuestionEqualsToken || k === ts.SyntaxKind.AmpersandAmpersandEqualsToken) {
        const t = this.expr(e.right, scope);
        this.assign(e.left, t, scope);
        return t;
      }
      return union(this.expr(e.left, scope), this.expr(e.right, scope));
    }
    if (ts.isObjectLiteralExpression(e)) {
      const parts: T[] = [];
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p)) {
          if (ts.isComputedPropertyName(p.name)) this.expr(p.name.expression, scope);
          parts.push(this.expr(p.initializer, scope));
        } else if (ts.isShorthandPropertyAssignment(p)) {
          const t = scope.lookup(p.name.text)?.taint ?? NONE;
          this.note(t);
          parts.push(t);
        } else if (ts.isSpreadAssignment(p)) {
          const t = this.expr(p.expression, scope);
          parts.push(t && "ns" in t ? fns(this.forbidden) : t);
        } else parts.push(this.func(p, scope));
      }
      return union(...parts);
    }
    if (ts.isArrayLiteralExpression(e)) return union(...e.elements.map((x) => this.expr(x, scope)));
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return this.func(e, scope);
    if (ts.isClassExpression(e)) return this.klass(e, scope);
    if (ts.isTemplateExpression(e)) return union(...e.templateSpans.map((s) => this.expr(s.expression, scope)));
    if (ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e)) return this.expr(e.operand, scope);
    if (ts.isTypeOfExpression(e) || ts.isVoidExpression(e) || ts.isDeleteExpression(e)) {
      this.expr(e.expression, scope);
      return NONE;
    }
    if (ts.isTaggedTemplateExpression(e)) return union(this.expr(e.tag, scope), this.expr(e.template as TS.Expression, scope));
    // Anything else (literals, this, JSX): walk its children for uses.
    ts.forEachChild(e, (c) => {
      if (ts.isExpression(c)) this.expr(c, scope);
    });
    return NONE;
  }

  /** The base of a member access: its own uses only count through the member read. */
  private exprQuiet(e: TS.Expression, scope: Scope): T {
    const ts = this.ts;
    if (ts.isIdentifier(e)) return scope.lookup(e.text)?.taint ?? NONE;
    if (ts.isPropertyAccessExpression(e)) return this.member(this.exprQuiet(e.expression, scope), e.name.text);
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) return this.exprQuiet(e.expression, scope);
    return this.expr(e, scope);
  }

  private assign(target: TS.Expression, t: T, scope: Scope): void {
    const ts = this.ts;
    if (ts.isIdentifier(target)) scope.taint(target.text, t);
    else if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
      // o.p = adam: o now holds it.
      let root: TS.Expression = target;
      while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = root.expression;
      if (ts.isIdentifier(root) && t) scope.taint(root.text, t);
    } else if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
      for (const el of ts.isObjectLiteralExpression(target) ? target.properties : target.elements) {
        if (ts.isShorthandPropertyAssignment(el)) scope.taint(el.name.text, this.member(t, el.name.text));
        else if (ts.isPropertyAssignment(el)) this.assign(el.initializer, this.member(t, ts.isIdentifier(el.name) || ts.isStringLiteral(el.name) ? el.name.text : null), scope);
        else if (ts.isExpression(el)) this.assign(el, this.member(t, null), scope);
      }
    }
  }

  /** Bind a declaration's name(s) to the initializer's taint, destructuring by property name. */
  private bind(name: TS.BindingName, t: T, scope: Scope): void {
    const ts = this.ts;
    if (ts.isIdentifier(name)) {
      scope.vars.set(name.text, union(scope.vars.get(name.text) ?? NONE, t));
      return;
    }
    for (const el of name.elements) {
      if (ts.isOmittedExpression(el)) continue;
      if (el.initializer) this.expr(el.initializer, scope);
      const key = ts.isArrayBindingPattern(name) || el.dotDotDotToken ? null : el.propertyName ? (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName) ? el.propertyName.text : null) : ts.isIdentifier(el.name) ? el.name.text : null;
      if (el.propertyName && ts.isComputedPropertyName(el.propertyName)) this.expr(el.propertyName.expression, scope);
      this.bind(el.name, this.member(t, key), scope);
    }
  }

  /** A function's taint: what its body uses (calling it uses the same). */
  private func(f: TS.SignatureDeclaration, scope: Scope): T {
    const ts = this.ts;
    const inner = new Scope(scope);
    const saved = this.used;
    const wasSolution = this.solution;
    // Collect what the body uses as if it were solution code, then restore.
    this.used = new Set();
    this.solution = true;
    for (const p of f.parameters) {
      this.bind(p.name, NONE, inner);
      if (p.initializer) this.expr(p.initializer, inner);
    }
    if (ts.isFunctionExpression(f) && f.name) inner.vars.set(f.name.text, NONE);
    const body = (f as { body?: TS.Node }).body;
    if (body && ts.isBlock(body)) this.block(body.statements, inner);
    else if (body) this.expr(body as TS.Expression, inner);
    const usedInside = this.used;
    this.used = saved;
    this.solution = wasSolution;
    const t = fns(usedInside);
    // Defining a function in solution code that uses a listed one is using it.
    this.note(t);
    return t;
  }

  private klass(c: TS.ClassLikeDeclaration, scope: Scope): T {
    const ts = this.ts;
    const parts: T[] = [];
    if (c.heritageClauses) for (const h of c.heritageClauses) for (const t of h.types) parts.push(this.expr(t.expression, scope));
    for (const m of c.members) {
      if (ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m) || ts.isGetAccessor(m) || ts.isSetAccessor(m)) parts.push(this.func(m, scope));
      else if (ts.isPropertyDeclaration(m) && m.initializer) parts.push(this.expr(m.initializer, scope));
    }
    const t = union(...parts);
    this.note(t);
    return t;
  }

  /** Names a list of statements declares directly (hoisted into its scope before it runs). */
  private declare(statements: readonly TS.Statement[], scope: Scope): void {
    const ts = this.ts;
    for (const st of statements) {
      if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) for (const n of boundNames(d.name)) if (!scope.vars.has(n)) scope.vars.set(n, NONE);
      if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name && !scope.vars.has(st.name.text)) scope.vars.set(st.name.text, NONE);
    }
  }

  block(statements: readonly TS.Statement[], scope: Scope): void {
    this.declare(statements, scope);
    for (const st of statements) if (this.ts.isFunctionDeclaration(st) && st.name && st.body) scope.vars.set(st.name.text, this.func(st, scope));
    for (const st of statements) this.statement(st, scope);
  }

  statement(st: TS.Statement, scope: Scope): void {
    const ts = this.ts;
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) this.bind(d.name, this.expr(d.initializer, scope), scope);
    } else if (ts.isFunctionDeclaration(st)) {
      // Done when hoisted; walking again records uses made in solution code.
      if (st.name && st.body && this.solution) this.note(scope.vars.get(st.name.text) ?? NONE);
    } else if (ts.isClassDeclaration(st)) {
      const t = this.klass(st, scope);
      if (st.name) scope.vars.set(st.name.text, t);
    } else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const lib = isLibrary(st.moduleSpecifier.text);
      const clause = st.importClause;
      if (!clause || clause.isTypeOnly) return;
      if (clause.name) scope.vars.set(clause.name.text, lib ? { ns: true } : NONE);
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) scope.vars.set(nb.name.text, lib ? { ns: true } : NONE);
      else if (nb) for (const el of nb.elements) scope.vars.set(el.name.text, lib ? this.member({ ns: true }, (el.propertyName ?? el.name).text) : NONE);
      // An import in solution code of a listed function is a use already.
      if (this.solution && lib && nb && !ts.isNamespaceImport(nb)) for (const el of nb.elements) this.note(this.member({ ns: true }, (el.propertyName ?? el.name).text));
    } else if (ts.isImportEqualsDeclaration(st)) {
      const ref = st.moduleReference;
      const spec = ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression) ? ref.expression.text : null;
      scope.vars.set(st.name.text, ts.isExternalModuleReference(ref) && isLibrary(spec) ? { ns: true } : NONE);
    } else if (ts.isBlock(st)) this.block(st.statements, new Scope(scope));
    else if (ts.isForStatement(st) || ts.isForOfStatement(st) || ts.isForInStatement(st)) {
      const inner = new Scope(scope);
      const init = st.initializer;
      if (init && ts.isVariableDeclarationList(init)) {
        const t = ts.isForStatement(st) ? NONE : this.member(this.expr(st.expression, inner), null);
        for (const d of init.declarations) this.bind(d.name, d.initializer ? this.expr(d.initializer, inner) : t, inner);
      } else if (init) this.expr(init as TS.Expression, inner);
      if (ts.isForStatement(st)) {
        this.expr(st.condition, inner);
        this.expr(st.incrementor, inner);
      } else if (!(init && ts.isVariableDeclarationList(init))) this.expr(st.expression, inner);
      this.statement(st.statement, inner);
    } else if (ts.isTryStatement(st)) {
      this.block(st.tryBlock.statements, new Scope(scope));
      if (st.catchClause) {
        const inner = new Scope(scope);
        if (st.catchClause.variableDeclaration) this.bind(st.catchClause.variableDeclaration.name, NONE, inner);
        this.block(st.catchClause.block.statements, inner);
      }
      if (st.finallyBlock) this.block(st.finallyBlock.statements, new Scope(scope));
    } else if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isModuleDeclaration(st)) {
      // Types only.
    } else {
      ts.forEachChild(st, (c) => {
        if (ts.isExpression(c)) this.expr(c, scope);
        else if (ts.isStatement(c)) this.statement(c, scope);
        else if (ts.isCaseBlock(c)) for (const cl of c.clauses) this.block(cl.statements, new Scope(scope));
      });
    }
  }

  /** Walk a cell (top level shares `scope`); `solution` marks it all as solution code. */
  cell(sf: TS.SourceFile, scope: Scope, solution: boolean, names: Set<string>): void {
    const ts = this.ts;
    this.solution = solution;
    if (solution || names.size === 0) {
      this.block(sf.statements, scope);
      this.solution = false;
      return;
    }
    // A cell the student controls: only what (re)defines the solution's names counts as solution code.
    this.declare(sf.statements, scope);
    for (const st of sf.statements) {
      const defines =
        ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name && names.has(st.name.text)) ||
        (ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => boundNames(d.name).some((n) => names.has(n)))) ||
        (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && assignsTo(st.expression.left, names, ts));
      if (ts.isFunctionDeclaration(st) && st.name && st.body) {
        this.solution = Boolean(defines);
        scope.vars.set(st.name.text, this.func(st, scope));
      }
      this.solution = Boolean(defines);
      this.statement(st, scope);
      this.solution = false;
    }
  }
}

function assignsTo(target: TS.Expression, names: Set<string>, ts: typeof TS): boolean {
  let root: TS.Expression = target;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = root.expression;
  return ts.isIdentifier(root) && (names.has(root.text) || root.text === "exports");
}

/** Cells the student can change: not the tests and read-only cells, which are restored from the source. */
const studentCell = (cell: Cell) => cell.cell_type === "code" && !isTestCell(cell) && !isLocked(cell);

/**
 * The exercises whose solution uses a library function it should re-implement.
 * @param nb the notebook as it runs (a submission merged with its source, or a learner's own)
 * @param reimplements the listed functions by solution grade_id (from the source: see {@link reimplementsOf})
 * @param exercises exercise names by grade_id (default: read from `nb`; the grader passes the source's)
 * @param expected names each solution cell declares in the source ({@link solutionNamesOf}): a submission
 *   that moves its function out of the solution cell still has that code counted as the solution's
 */
export function findShortcuts(nb: Notebook, reimplements: Map<string, string[]>, exercises: Map<string, string> = exerciseMap(nb), expected: Map<string, string[]> = new Map()): Shortcut[] {
  if (reimplements.size === 0) return [];
  const parsed = nb.cells.map((c) => (c.cell_type === "code" ? parseCell(joinText(c.source)) : null));
  const out: Shortcut[] = [];
  for (const [gradeId, list] of reimplements) {
    const at = nb.cells.findIndex((c) => gradeIdOf(c) === gradeId && isSolution(c));
    if (at < 0 || nb.cells[at]!.cell_type !== "code") continue;
    const names = new Set([...topLevelNames(parsed[at]!), ...(expected.get(gradeId) ?? [])]);
    const a = new Analysis(new Set(list));
    // Twice over, the second pass starting from what the first learnt, so that a helper
    // defined before a name it uses is tainted (the analysis ignores the order of cells there).
    const scope = new Scope(null);
    for (let pass = 0; pass < 2; pass++) {
      a.used = new Set();
      nb.cells.forEach((cell, i) => {
        const sf = parsed[i];
        if (!sf) return;
        const isSol = i === at;
        a.cell(sf, scope, isSol, studentCell(cell) && !isSol ? names : new Set());
      });
    }
    if (a.used.size === 0) continue;
    const used = [...a.used].sort();
    const exercise = exercises.get(gradeId) ?? gradeId;
    const list_ = used.map((n) => `\`${n}\``).join(", ");
    out.push({
      exercise,
      gradeId,
      names: used,
      message: `your solution uses ${list_} from descent, which exercise "${exercise}" asks you to write yourself (cell "${gradeId}" re-implements ${list.map((n) => `\`${n}\``).join(", ")}), so the exercise earns 0 points`,
    });
  }
  return out;
}
