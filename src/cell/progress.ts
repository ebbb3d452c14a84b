// A progress display for training loops: one output updated in place
// (update_display_data) instead of thousands of printed lines, optionally
// with a loss curve that redraws as training goes.

import { currentChannel } from "./channel";
import { displayBundle, newDisplayId } from "./display";
import { figureBundle } from "./plotly-html";
import { formatNumber } from "./matrix";
import { ValueError, checkOptions, kindOf } from "../errors";

/** Options for progress(). */
export interface ProgressOptions {
  title?: string;
  /** Also draw the loss so far, redrawn in place. */
  lossPlot?: boolean;
  /** Log-scale the loss axis (default true: losses span decades). */
  logY?: boolean;
  /** Minimum milliseconds between redraws (default 100; the plot at most every 5× that). */
  interval?: number;
}

/** Metrics reported with an update. */
export interface ProgressMetrics {
  loss?: number;
}

/** A live progress display; see progress(). */
export interface Progress {
  /** Report that `step` of `total` steps are done (and optionally the current loss). */
  update(step: number, metrics?: ProgressMetrics): void;
  /** Mark finished and draw the final state. */
  done(): void;
  /** Losses reported so far. */
  readonly losses: number[];
}

function bar(fraction: number, width = 30): string {
  const full = Math.round(fraction * width);
  return "█".repeat(full) + "░".repeat(width - full);
}

/**
 * Start a progress display for `total` steps, e.g.
 * `const p = progress(epochs, { title: "adam", lossPlot: true }); … p.update(i + 1, { loss }); … p.done();`
 */
export function progress(total: number, opts: ProgressOptions = {}): Progress {
  if (!(typeof total === "number" && Number.isInteger(total) && total > 0)) throw new ValueError(`progress: total must be a positive integer (the number of steps, e.g. epochs), got ${kindOf(total)}`);
  checkOptions("progress", opts, ["title", "lossPlot", "logY", "interval"], '{ title: "adam", lossPlot: true }');
  const interval = opts.interval ?? 100;
  if (!(typeof interval === "number" && interval >= 0)) throw new ValueError(`progress: interval must be a number of milliseconds ≥ 0, got ${kindOf(interval)}`);
  if (opts.title !== undefined && typeof opts.title !== "string") throw new ValueError(`progress: title must be a string, got ${kindOf(opts.title)}`);
  const title = opts.title ?? "progress";
  const barId = newDisplayId();
  const plotId = newDisplayId();
  const losses: number[] = [];
  const steps: number[] = [];
  const start = Date.now();
  let step = 0;
  let lastBar = -Infinity;
  let lastPlot = -Infinity;
  let finished = false;
  const live = currentChannel() !== undefined;

  function text(): string {
    const secs = (Date.now() - start) / 1000;
    const rate = secs > 0 ? ` ${(step / secs).toFixed(1)} it/s` : "";
    const loss = losses.length ? ` loss ${formatNumber(losses[losses.length - 1])}` : "";
    return `${title} ${bar(step / total)} ${step}/${total}${loss}${rate}${finished ? " done" : ""}`;
  }

  function drawBar(update: boolean): void {
    const t = text();
    const esc = t.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    const html = `<div class="descent-progress" style="font-family:monospace"><progress value="${step}" max="${total}" style="width:20em"></progress> ${esc}</div>`;
    displayBundle({ "text/plain": t, "text/html": html }, { displayId: barId, update });
  }

  function drawPlot(update: boolean): void {
    const fig = {
      data: [{ type: "scatter", mode: "lines", name: "loss", x: steps.slice(), y: losses.slice() }],
      layout: { title: { text: `${title}: loss` }, height: 300, margin: { l: 60, r: 20, t: 40, b: 40 }, xaxis: { title: { text: "step" }, exponentformat: "power" }, yaxis: { type: opts.logY === false ? "linear" : "log", exponentformat: "power" } },
    };
    displayBundle(figureBundle(fig), { displayId: plotId, update });
  }

  if (live) {
    drawBar(false);
    if (opts.lossPlot) drawPlot(false);
  }

  return {
    losses,
    update(i: number, metrics: ProgressMetrics = {}) {
      if (typeof i !== "number" || !Number.isFinite(i)) throw new ValueError(`progress.update: step must be a number (the steps done so far, e.g. epoch + 1), got ${kindOf(i)}`);
      if (typeof metrics !== "object" || metrics === null) throw new ValueError(`progress.update: metrics must be an object like { loss: 0.3 }, got ${kindOf(metrics)}`);
      checkOptions("progress.update", metrics, ["loss"], "{ loss: 0.3 }");
      step = Math.min(Math.max(i, 0), total);
      if (metrics.loss !== undefined) {
        if (typeof metrics.loss !== "number") throw new ValueError(`progress.update: loss must be a number, got ${kindOf(metrics.loss)}`);
        losses.push(metrics.loss);
        steps.push(i);
      }
      if (!live) return;
      const now = Date.now();
      if (now - lastBar >= interval) {
        lastBar = now;
        drawBar(true);
      }
      if (opts.lossPlot && now - lastPlot >= interval * 5) {
        lastPlot = now;
        drawPlot(true);
      }
    },
    done() {
      if (finished) return;
      finished = true;
      if (live) {
        drawBar(true);
        if (opts.lossPlot) drawPlot(true);
      } else {
        displayBundle({ "text/plain": text() });
      }
    },
  };
}
