// The option objects of forward and lossAndGradients, checked where a learner
// passes them: a misspelt key (`train: true`, `lambda: 0.7`) or a string for a
// flag would otherwise change nothing without a word.
import { ValueError, checkOptions, checkRng, kindOf } from "../errors";

/** Throw unless `opts` has only `allowed` keys, boolean flags and a generator as `rng`. */
export function checkForwardOptions(where: string, opts: object, allowed: readonly string[]): void {
  checkOptions(where, opts, allowed, "{ training: true }");
  const o = opts as Record<string, unknown>;
  for (const flag of ["training", "updateRunning", "checked", "labelsChecked"]) {
    if (o[flag] !== undefined && typeof o[flag] !== "boolean") throw new ValueError(`${where}: ${flag} must be true or false, got ${kindOf(o[flag])}`);
  }
  checkRng(where, o.rng);
}
