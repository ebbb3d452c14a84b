// In-memory input history for history_request (tail, range, search).

/** [session, line, input] or, with output, [session, line, [input, output]]. */
export type HistoryEntry = [number, number, string | [string, string | null]];

export class History {
  private readonly inputs: { line: number; code: string }[] = [];
  constructor(private readonly session = 1) {}

  add(line: number, code: string): void {
    this.inputs.push({ line, code });
  }

  query(req: Record<string, unknown>): HistoryEntry[] {
    const output = Boolean(req.output);
    const entry = (e: { line: number; code: string }): HistoryEntry => [this.session, e.line, output ? [e.code, null] : e.code];
    const n = typeof req.n === "number" ? req.n : undefined;
    switch (req.hist_access_type) {
      case "tail":
        return this.inputs.slice(n === undefined ? 0 : -n || this.inputs.length).map(entry);
      case "range": {
        const start = typeof req.start === "number" ? req.start : 0;
        const stop = typeof req.stop === "number" ? req.stop : Infinity;
        return this.inputs.filter((e) => e.line >= start && e.line < stop).map(entry);
      }
      case "search": {
        const pattern = typeof req.pattern === "string" ? req.pattern : "*";
        const re = new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$", "s");
        let hits = this.inputs.filter((e) => re.test(e.code));
        if (req.unique) {
          const seen = new Set<string>();
          hits = hits.reverse().filter((e) => !seen.has(e.code) && (seen.add(e.code), true)).reverse();
        }
        return (n === undefined ? hits : hits.slice(-n)).map(entry);
      }
      default:
        return [];
    }
  }
}
