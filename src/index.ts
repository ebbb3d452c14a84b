// The public API of descent: everything a lesson, the kernel or the CLI uses
// is exported from here, bottom layer first.

// --- bottom: random numbers and matrices
export * from "./tensor";
export { RandomState, seed } from "./random";
export type { RandomStateJSON } from "./random";
export { ShapeError, ValueError } from "./errors";

// --- the math: ema, optim, schedules, init, nn, gradcheck, data
// (added by their modules)

// --- top: plot, notebook, grading
export * as plot from "./plot";
export { Figure, lines, scatter, contour, decisionBoundary, histogram, subplots, show } from "./plot";
export { display, displayBundle, markdown, latex, html, clearOutput } from "./notebook/display";
export { progress, type Progress, type ProgressOptions } from "./notebook/progress";
export { toMimeBundle, MIME_BUNDLE } from "./notebook/mime";
// (added by their modules)
