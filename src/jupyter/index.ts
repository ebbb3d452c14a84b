// descent/jupyter: the tools that drive Jupyter. A zeromq client and kernel
// launcher, notebook execution, nbformat reading and writing, HTML export, the
// headless lesson runner and its report, and the kernel side of the display
// channel. The CLI and the kernel use this entry; lessons never need it.
export { readNotebook, writeNotebook, parseNotebook, validateNotebook, formatNotebook, newNotebook, joinText, NotebookFormatError } from "./nbformat";
export type { Notebook, Cell, CodeCell, MarkdownCell, RawCell, Output, ErrorOutput, NotebookMetadata } from "./nbformat";
export { findKernelSpec, jupyterDataPath, kernelCommand, descentRoot, KernelSpecError, type KernelSpec } from "./kernelspec";
export { launchKernel, killAllKernels, isDescentKernel, type ConnectionInfo, type KernelProcess, type LaunchOptions } from "./launch";
export { KernelClient } from "./client";
export { executeNotebook, stopUnlessCheckFailed, DEFAULT_CELL_TIMEOUT_MS, type ExecuteOptions, type NotebookResult, type CellResult, type CellStatus, type CellError, type CellEvent, type Failure } from "./execute";
export { notebookToHtml, indexToHtml, renderMarkdown, mathSpans, escapeHtml, plotlyMinPath, PLOTLY_MIME, FONT_STACK, type MathSpan, type PageOptions, type PlotlySource, type IndexEntry, type PageStatus } from "./html";
export { lessonInfo, parseHeading, lessonLabel, type LessonInfo } from "./lesson-info";
export { readingCopy, readingContents, keepTimings, hasTag, svgHash, TIMING_TAG, SVG_HASH_KEY, type PublishedLesson } from "./reading-copy";
export { svgToPng, svgSize, PNG_SCALE, type Raster } from "./rasterize";
export { runNotebooks, collectNotebooks, repoKernelDir, PLOTLY_FILE, type RunOptions, type RunResult, type LessonRun } from "./runner";
export { createReporter, summaryTable, silentReporter, type Reporter, type LessonSummary, type LessonFailure } from "./run-report";
// The kernel's end of the display channel that `display`, `progress` and
// figures write to.
export { setChannel, currentChannel, type DisplayChannel, type DisplayOptions, type MimeBundle } from "../cell/channel";
export { toMimeBundle, plainText } from "../cell/mime";
