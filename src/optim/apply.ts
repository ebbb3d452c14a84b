// Adding updates to parameters: W_new = W + updates.W. Kept apart from the
// optimizers so an update can be inspected (or clipped, or logged) first.
import { checkNamedMatrices, fmtShape, isPlainObject, kindOf, ShapeError, ValueError } from "../errors";
import type { Params } from "../tensor/params";
import { isMatrix, Matrix } from "../tensor/matrix";
import { checkFiniteMatrix } from "./validate";

function check(where: string, params: Params, updates: Params): string[] {
  checkNamedMatrices(where, "params", params);
  checkNamedMatrices(where, "updates", updates);
  // The whole result of an optimizer's update(), { updates, state }, instead of its updates.
  if (isPlainObject(updates.updates) && "state" in updates) throw new ValueError(`${where}: pass the updates, not the whole result of update(): ${where}(params, result.updates)`);
  const names = Object.keys(params);
  for (const name of names) {
    const p = params[name], u = updates[name];
    if (!isMatrix(p)) throw new ValueError(`${where}: parameter "${name}" must be a Matrix`);
    if (u === undefined) throw new ValueError(`${where}: no update for parameter "${name}" (updates given: ${Object.keys(updates).join(", ") || "none"})`);
    if (!isMatrix(u)) throw new ValueError(`${where}: update "${name}" must be a Matrix, got ${kindOf(u)}`);
    if (p.rows !== u.rows || p.cols !== u.cols) {
      throw new ShapeError(`${where}: update "${name}" has shape ${fmtShape(u.rows, u.cols)} but parameter "${name}" has shape ${fmtShape(p.rows, p.cols)}`);
    }
    checkFiniteMatrix(where, `update "${name}"`, u);
  }
  for (const name of Object.keys(updates)) {
    if (!(name in params)) throw new ValueError(`${where}: update "${name}" has no matching parameter (parameters: ${names.join(", ")})`);
  }
  return names;
}

/** New parameters `W + updates.W` for every name; the inputs are not changed. */
export function applyUpdates(params: Params, updates: Params): Params {
  const names = check("applyUpdates", params, updates);
  const out: Params = {};
  for (const name of names) {
    const p = params[name]!, u = updates[name]!.data, pd = p.data;
    const r = new Matrix(p.rows, p.cols), rd = r.data;
    for (let i = 0; i < pd.length; i++) rd[i] = pd[i]! + u[i]!;
    out[name] = r;
  }
  return out;
}

/** `W += updates.W` in place for every name (all checked first); returns `params`. */
export function applyUpdatesInPlace(params: Params, updates: Params): Params {
  const names = check("applyUpdatesInPlace", params, updates);
  for (const name of names) {
    const pd = params[name]!.data, u = updates[name]!.data;
    for (let i = 0; i < pd.length; i++) pd[i] = pd[i]! + u[i]!;
  }
  return params;
}
