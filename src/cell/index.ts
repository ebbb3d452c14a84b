// What a cell shows: checks that pin a lesson's numbers, rich display,
// progress bars updated in place, and the MIME bundles behind them.
export { check, CheckError, countChecks, CHECK_PASS_MARK, CHECK_FAIL_MARK, type CheckOptions, type CheckCounts } from "./check";
export { display, displayBundle, markdown, latex, html, clearOutput } from "./display";
export { progress, type Progress, type ProgressOptions } from "./progress";
export { input, type InputOptions } from "./input";
export { toMimeBundle, MIME_BUNDLE, type HasMimeBundle } from "./mime";
export type { MimeBundle, DisplayOptions } from "./channel";
