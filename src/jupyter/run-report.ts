// What `descent run` tells a person while and after it runs: a live progress
// bar (lessons done, and each running lesson's cell) when stderr is a
// terminal, plain one-line events otherwise (CI logs), then a summary table
// and the failures with lesson, cell number, source line and message.

/** One lesson's outcome, as the report needs it. */
export interface LessonSummary {
  name: string;
  status: "ok" | "failed";
  cells: number;
  seconds: number;
  checks: { passed: number; failed: number };
  /** Where and why it failed (cell numbers count all cells from 1, as a notebook shows them). */
  failures: LessonFailure[];
}

/** One failure of a lesson. */
export interface LessonFailure {
  /** 1-based cell number; null when the lesson failed before any cell (malformed file, kernel did not start). */
  cell: number | null;
  sourceLine: string | null;
  message: string;
}

/** Receives run events; {@link createReporter} picks the right one for the stream. */
export interface Reporter {
  lessonStart(name: string, cells: number): void;
  cellStart(name: string, position: number, total: number): void;
  lessonEnd(summary: LessonSummary): void;
  /** Stop redrawing (before the summary is printed). */
  close(): void;
}

const BAR = 24;

/** A progress bar redrawn in place on a TTY. */
class TtyReporter implements Reporter {
  private done = 0;
  private running = new Map<string, { position: number; total: number }>();
  private lines = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly totalLessons: number,
  ) {
    // Redraw on a timer too, so the clock moves during a long cell.
    this.timer = setInterval(() => this.draw(), 500);
    this.timer.unref();
  }

  lessonStart(name: string, cells: number): void {
    this.running.set(name, { position: 0, total: cells });
    this.draw();
  }
  cellStart(name: string, position: number, total: number): void {
    this.running.set(name, { position, total });
    this.draw();
  }
  lessonEnd(s: LessonSummary): void {
    this.running.delete(s.name);
    this.done++;
    this.clear();
    this.out.write(plainLine(s) + "\n");
    this.draw();
  }
  close(): void {
    clearInterval(this.timer);
    this.clear();
  }

  private clear(): void {
    if (this.lines > 0) this.out.write(`\x1b[${this.lines}A\x1b[0J`);
    this.lines = 0;
  }

  private draw(): void {
    this.clear();
    const filled = Math.round((BAR * this.done) / Math.max(1, this.totalLessons));
    const secs = ((Date.now() - this.started) / 1000).toFixed(0);
    const width = this.out.columns || 80;
    const rows = [`[${"█".repeat(filled)}${"░".repeat(BAR - filled)}] ${this.done}/${this.totalLessons} lessons  ${secs}s`];
    for (const [name, { position, total }] of this.running) {
      const f = Math.round((12 * position) / Math.max(1, total));
      rows.push(`  ${"▪".repeat(f)}${"·".repeat(12 - f)} ${name}: ${position === 0 ? "starting kernel" : `cell ${position}/${total}`}`);
    }
    const text = rows.map((r) => r.slice(0, width - 1)).join("\n") + "\n";
    this.out.write(text);
    this.lines = rows.length;
  }
}

/** Plain lines, one per event worth logging (for CI and pipes). */
class PlainReporter implements Reporter {
  constructor(private readonly out: NodeJS.WritableStream) {}
  lessonStart(name: string, cells: number): void {
    this.out.write(`▶ ${name} (${cells} code cells)\n`);
  }
  cellStart(): void {}
  lessonEnd(s: LessonSummary): void {
    this.out.write(plainLine(s) + "\n");
  }
  close(): void {}
}

function plainLine(s: LessonSummary): string {
  const checks = `${s.checks.passed} checks passed${s.checks.failed ? `, ${s.checks.failed} failed` : ""}`;
  const head = `${s.status === "ok" ? "✓" : "✗"} ${s.name}: ${s.cells} cells, ${s.seconds.toFixed(1)} s, ${checks}`;
  return s.failures.length ? `${head}\n${failureText(s)}` : head;
}

/** Each failure as "  cell 7: <source line>" then the message, indented. */
export function failureText(s: LessonSummary): string {
  return s.failures
    .map((f) => {
      const where = f.cell === null ? "  before the first cell" : `  cell ${f.cell}${f.sourceLine ? `: ${f.sourceLine}` : ""}`;
      const msg = f.message
        .split("\n")
        .map((l) => "    " + l)
        .join("\n");
      return `${where}\n${msg}`;
    })
    .join("\n");
}

/** A reporter for `stream`: a progress bar on a TTY, plain lines otherwise. */
export function createReporter(stream: NodeJS.WriteStream, totalLessons: number): Reporter {
  return stream.isTTY ? new TtyReporter(stream, totalLessons) : new PlainReporter(stream);
}

/** A reporter that says nothing (library use). */
export const silentReporter: Reporter = { lessonStart() {}, cellStart() {}, lessonEnd() {}, close() {} };

/**
 * The summary table that ends a run, then each failure in full, then a line
 * "N passed, N failed" counting lessons.
 */
export function summaryTable(lessons: LessonSummary[]): string {
  const header = ["lesson", "status", "cells", "seconds", "checks passed", "checks failed"];
  const rows = lessons.map((l) => [l.name, l.status === "ok" ? "ok" : "FAILED", String(l.cells), l.seconds.toFixed(1), String(l.checks.passed), String(l.checks.failed)]);
  const total = lessons.reduce((a, l) => ({ cells: a.cells + l.cells, seconds: a.seconds + l.seconds, p: a.p + l.checks.passed, f: a.f + l.checks.failed }), { cells: 0, seconds: 0, p: 0, f: 0 });
  rows.push(["total", "", String(total.cells), total.seconds.toFixed(1), String(total.p), String(total.f)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  const lines = [fmt(header), rule, ...rows.slice(0, -1).map(fmt), rule, fmt(rows[rows.length - 1]!)];
  const failed = lessons.filter((l) => l.status === "failed");
  if (failed.length) {
    lines.push("", "Failures:");
    for (const l of failed) lines.push(`✗ ${l.name}`, failureText(l));
  }
  lines.push("", `lessons: ${lessons.length - failed.length} passed, ${failed.length} failed`);
  return lines.join("\n");
}
