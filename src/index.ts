// The public API of descent: everything a lesson, the kernel or the CLI uses
// is exported from here, bottom layer first.

// --- bottom: random numbers and matrices
export * from "./tensor";
export { RandomState, seed } from "./random";
export type { RandomStateJSON } from "./random";
export type { Params } from "./params";
export { ShapeError, ValueError } from "./errors";
export { getThreads, setThreads } from "./parallel";

// --- the math: ema, optim, schedules, init, nn, gradcheck, data
export * from "./ema";
export * from "./optim";
export * from "./schedules";
export * from "./clip";
export * from "./init";
export * from "./nn";
export * from "./gradcheck";
export * from "./minibatch";
export * from "./data";
export * from "./search";
// (added by their modules)

// --- top: plot, notebook, grading
export { check, CheckError, countChecks, CHECK_PASS_MARK, CHECK_FAIL_MARK, type CheckOptions, type CheckCounts } from "./notebook/check";
export { readNotebook, writeNotebook, parseNotebook, validateNotebook, formatNotebook, newNotebook, joinText, NotebookFormatError } from "./notebook/nbformat";
export type { Notebook, Cell, CodeCell, MarkdownCell, RawCell, Output, NotebookMetadata } from "./notebook/nbformat";
export { findKernelSpec, jupyterDataPath, KernelSpecError, type KernelSpec } from "./notebook/kernelspec";
export { killAllKernels } from "./notebook/launch";
export { executeNotebook, stopUnlessCheckFailed, DEFAULT_CELL_TIMEOUT_MS, type ExecuteOptions, type NotebookResult, type CellResult, type CellStatus, type CellError, type CellEvent, type Failure } from "./notebook/execute";
export { notebookToHtml, indexToHtml, renderMarkdown, PLOTLY_MIME } from "./notebook/html";
export { runNotebooks, collectNotebooks, repoKernelDir, type RunOptions, type RunResult, type LessonRun } from "./notebook/runner";
export { createReporter, summaryTable, silentReporter, type Reporter, type LessonSummary, type LessonFailure } from "./notebook/run-report";
export * as plot from "./plot";
export { Figure, lines, scatter, contour, decisionBoundary, histogram, subplots, show, overlay } from "./plot";
export { display, displayBundle, markdown, latex, html, clearOutput } from "./notebook/display";
export { progress, type Progress, type ProgressOptions } from "./notebook/progress";
export { toMimeBundle, MIME_BUNDLE } from "./notebook/mime";
export { releaseNotebook, releaseNotebooks, prepareSubmission, gradeNotebook, gradeSubmissions, findSubmissions, loadSource, validateSubmission, changedCells, computeChecksum, executeResilient, feedbackHtml, gradebookCsv, writeGradebook, loadResults, clearSolutions, removeHiddenTests, solutionText, findRegions, checkMarkup, isGrade, isSolution, isLocked, isTestCell, gradeIdOf, exerciseMap, nbgraderOf, GradingError, MarkerError, CODE_STUB, TEXT_STUB, DEFAULT_GRADE_TIMEOUT_MS, GRADER_VERSION, defaultGradeJobs } from "./grading";
export type { NbgraderMetadata, Tamper, TamperKind, NotebookGrade, TestResult, ExerciseScore, GradeOptions, GradeRunOptions, GradeRun, GradingSource, Submission, Validation, ValidatedTest, ValidateOptions, ReleasedNotebook, ResilientOptions, ResilientResult } from "./grading";
// (added by their modules)
