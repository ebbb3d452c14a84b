// Completion candidates, ranked for a notebook: what the learner typed a
// prefix of, before what merely contains it, and names of this cell, earlier
// cells and imported libraries before the hundreds of globals @types/node
// declares (`ada` should offer `adam`, not `ReadableStreamDefaultReader`).

import type * as TS from "@tslab/typescript-for-tslab";
import type { Ts } from "./typescript";

/** Completion candidates for the text before the cursor. */
export interface Completion {
  start: number;
  end: number;
  matches: string[];
}

/** The module completed against when an import list has none yet. */
const DEFAULT_MODULE = "descent";

/**
 * For a cursor in an import list that names no module yet (`import { progr`),
 * the cell with ` } from "descent";` put after the list, so that TypeScript
 * offers descent's exports; undefined when the cursor is anywhere else.
 */
export function importListCompletionSource(src: string, pos: number): string | undefined {
  const before = src.slice(0, pos);
  if (!/(^|[\n;])\s*import\s+(type\s+)?\{[\w$\s,]*$/.test(before)) return undefined;
  const after = src.slice(pos);
  const names = /^[\w$\s,]*/.exec(after)![0];
  const rest = after.slice(names.length);
  if (/^\}\s*from\b/.test(rest)) return undefined; // the module is named: TypeScript knows what to offer
  const tail = rest.startsWith("}") ? rest.slice(1) : rest;
  return `${before}${names.replace(/\s*$/, "")} } from "${DEFAULT_MODULE}";${tail.startsWith("\n") || tail === "" ? "" : "\n"}${tail}`;
}

/** How well `name` matches what was typed: 0 prefix, 1 prefix ignoring case, 2 a later word's prefix, undefined none. */
export function matchTier(name: string, typed: string): number | undefined {
  if (name.startsWith(typed)) return 0;
  const lowerName = name.toLowerCase();
  const lower = typed.toLowerCase();
  if (lowerName.startsWith(lower)) return 1;
  for (let i = 1; i < name.length; i++) {
    const c = name[i]!;
    const prev = name[i - 1]!;
    const wordStart = (c >= "A" && c <= "Z" && !(prev >= "A" && prev <= "Z")) || ((prev === "_" || prev === "$") && c !== "_" && c !== "$");
    if (wordStart && lowerName.startsWith(lower, i)) return 2;
  }
  return undefined;
}

/** Where a name in scope comes from: 0 this cell, 1 earlier cells, 2 a library, 3 the runtime's globals. */
function originRank(symbol: TS.Symbol, sf: TS.SourceFile): number {
  const file = symbol.declarations?.[0]?.getSourceFile();
  if (!file) return 3;
  if (file === sf) return 0;
  if (/(^|\/)__prev__\.d\.ts$/.test(file.fileName)) return 1;
  if (/\/node_modules\/(typescript|@tslab\/typescript-for-tslab)\/lib\/|\/node_modules\/@types\/node\/|\/node_modules\/undici-types\//.test(file.fileName)) return 3;
  return 2;
}

/** Rank TypeScript's completion entries for `typed` (the identifier before the cursor); drops those that do not match. */
export function rankCompletions(ts: Ts, program: TS.Program, sf: TS.SourceFile, pos: number, typed: string, entries: readonly TS.CompletionEntry[], isMemberCompletion = false): string[] {
  const origin = new Map<string, number>();
  if (!isMemberCompletion) {
    const t = ts as unknown as { getTokenAtPosition(sf: TS.SourceFile, pos: number): TS.Node };
    const at = t.getTokenAtPosition(sf, Math.max(0, pos - 1));
    const flags = ts.SymbolFlags.Value | ts.SymbolFlags.Type | ts.SymbolFlags.Namespace | ts.SymbolFlags.Alias;
    for (const s of program.getTypeChecker().getSymbolsInScope(at, flags)) {
      const rank = originRank(s, sf);
      if (!origin.has(s.name) || rank < origin.get(s.name)!) origin.set(s.name, rank);
    }
  }
  const seen = new Set<string>();
  const ranked: { name: string; tier: number; origin: number; sortText: string }[] = [];
  for (const e of entries) {
    if (seen.has(e.name)) continue;
    const tier = matchTier(e.name, typed);
    if (tier === undefined) continue;
    seen.add(e.name);
    const keyword = e.kind === "keyword";
    ranked.push({ name: e.name, tier, origin: keyword ? 3 : (origin.get(e.name) ?? 2), sortText: e.sortText });
  }
  ranked.sort((a, b) => a.tier - b.tier || a.origin - b.origin || (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0) || a.name.length - b.name.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return ranked.map((r) => r.name);
}
