// Hyperparameter search: sample on the right scale (log for α, 1 − β for β),
// random search over grids, then coarse to fine around the best trials.
import { ValueError, assertFinite, assertInt, assertPositive, checkOptions, checkRng, checkSeed, kindOf } from "../errors";
import { RandomState } from "../random/random";

/** The generator a sampler draws from: required (the course draws from numpy's global one; here it is explicit). */
function needRng(where: string, rng: unknown): void {
  if (rng === undefined) throw new ValueError(`${where}: the generator is missing: pass one as the last argument, e.g. seed(1)`);
  checkRng(where, rng);
}

/**
 * α on a log scale: `r = log10(high) − (log10(high) − log10(low)) · rand()`, `α = 10^r`.
 * For [1e-4, 1] this is the course's `r = -4 * np.random.rand(); alpha = 10 ** r`, draw for draw.
 */
export function logUniform(low: number, high: number, rng: RandomState): number {
  needRng("logUniform", rng);
  assertPositive("low", low, "logUniform");
  assertPositive("high", high, "logUniform");
  if (!(low <= high)) throw new ValueError(`logUniform: low (${low}) must be ≤ high (${high})`);
  const a = Math.log10(low), b = Math.log10(high);
  return 10 ** (b - (b - a) * rng.rand());
}

/**
 * β sampled through 1 − β on a log scale: for β ∈ [0.9, 0.999], `r ∈ [−3, −1]`, `β = 1 − 10^r`
 * (β near 1 is where small changes matter: 0.999 → 0.9995 halves nothing but doubles the window 1/(1−β)).
 */
export function sampleBeta(low: number, high: number, rng: RandomState): number {
  needRng("sampleBeta", rng);
  if (!(low >= 0 && high < 1 && low <= high)) throw new ValueError(`sampleBeta: need 0 ≤ low ≤ high < 1, got low = ${low}, high = ${high}`);
  const a = Math.log10(1 - low), c = Math.log10(1 - high);
  return 1 - 10 ** (a - (a - c) * rng.rand());
}

/** One dimension of a search space. */
export type Dimension =
  | { kind: "log"; low: number; high: number }
  | { kind: "beta"; low: number; high: number }
  | { kind: "linear"; low: number; high: number }
  | { kind: "int"; low: number; high: number }
  | { kind: "choice"; values: readonly (number | string)[] };

/** α-like: log-uniform in [low, high]. */
export const logScale = (low: number, high: number): Dimension => {
  assertPositive("low", low, "logScale");
  assertPositive("high", high, "logScale");
  orderedRange("logScale", low, high);
  return { kind: "log", low, high };
};
/** β-like: 1 − β log-uniform, β in [low, high]. */
export const betaScale = (low: number, high: number): Dimension => {
  if (!(typeof low === "number" && typeof high === "number" && low >= 0 && high < 1 && low <= high)) {
    throw new ValueError(`betaScale: need 0 ≤ low ≤ high < 1 (β near 1, sampled as 1 − β on a log scale), got low = ${typeof low === "number" ? low : kindOf(low)}, high = ${typeof high === "number" ? high : kindOf(high)}`);
  }
  return { kind: "beta", low, high };
};
/** Uniform in [low, high] (e.g. a keep probability). */
export const linearScale = (low: number, high: number): Dimension => {
  assertFinite("low", low, "linearScale");
  assertFinite("high", high, "linearScale");
  orderedRange("linearScale", low, high);
  return { kind: "linear", low, high };
};
/** A uniform integer in [low, high] (e.g. number of layers or units). */
export const intScale = (low: number, high: number): Dimension => {
  assertInt("low", low, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "intScale");
  assertInt("high", high, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "intScale");
  orderedRange("intScale", low, high);
  return { kind: "int", low, high };
};
/** One of the listed values (e.g. a mini-batch size). */
export const choiceOf = (values: readonly (number | string)[]): Dimension => {
  if (!Array.isArray(values) || values.length === 0) throw new ValueError(`choiceOf: values must be a non-empty list like ["relu", "tanh"], got ${kindOf(values)}`);
  checkValues("choiceOf", "values", values);
  return { kind: "choice", values };
};

/** A hyperparameter's value becomes a table cell and a plot label: a finite number or a string, nothing that prints as [object Object]. */
function checkValues(where: string, label: string, values: readonly unknown[]): void {
  values.forEach((v, i) => {
    if (!(typeof v === "string" || Number.isFinite(v))) throw new ValueError(`${where}: ${label}[${i}] must be a finite number or a string, got ${kindOf(v)}`);
  });
}

function orderedRange(where: string, low: number, high: number): void {
  if (!(low <= high)) throw new ValueError(`${where}: low (${low}) must be ≤ high (${high})`);
}

const DIMENSION_KINDS = ["log", "beta", "linear", "int", "choice"];

export type SearchSpace = Record<string, Dimension>;
export type Hyperparameters = Record<string, number | string>;

/** One value from one dimension. */
export function sampleDimension(d: Dimension, rng: RandomState): number | string {
  if (typeof d !== "object" || d === null) throw new ValueError(`sampleDimension: d must be a dimension such as logScale(1e-4, 1), got ${kindOf(d)}`);
  needRng("sampleDimension", rng);
  switch (d.kind) {
    case "log": return logUniform(d.low, d.high, rng);
    case "beta": return sampleBeta(d.low, d.high, rng);
    case "linear": return d.low + (d.high - d.low) * rng.rand();
    case "int": return rng.randint(d.low, d.high + 1);
    case "choice":
      if (d.values.length === 0) throw new ValueError("sampleDimension: a choice needs at least one value");
      return d.values[rng.randint(0, d.values.length)]!;
    default: throw new ValueError(`sampleDimension: unknown kind ${JSON.stringify((d as { kind: unknown }).kind)}`);
  }
}

/** One random point of the space, dimensions drawn in the order they are listed. */
export function sampleSpace(space: SearchSpace, rng: RandomState): Hyperparameters {
  if (typeof space !== "object" || space === null) throw new ValueError(`sampleSpace: space must name its dimensions, e.g. { alpha: logScale(1e-4, 1) }, got ${kindOf(space)}`);
  needRng("sampleSpace", rng);
  const out: Hyperparameters = {};
  for (const [name, d] of Object.entries(space)) out[name] = sampleDimension(d, rng);
  return out;
}

/** A tried point and its score (lower is better unless `maximize`). */
export interface Trial {
  hp: Hyperparameters;
  score: number;
  /** The round of `coarseToFine` that ran it (0 = the coarse round). */
  round?: number;
}

export interface SearchResult {
  /** All trials, best first. */
  trials: Trial[];
  best: Trial;
}

/** evaluate(hp), refused unless a number (NaN allowed: a trial that diverged, ranked last). */
function scoreOf(where: string, evaluate: (hp: Hyperparameters) => number, hp: Hyperparameters): number {
  const score = evaluate(hp);
  if (typeof score !== "number") {
    throw new ValueError(`${where}: evaluate must return a number (the score, e.g. the dev error), got ${kindOf(score)} for ${JSON.stringify(hp)}`);
  }
  return score;
}

function rank(trials: Trial[], maximize: boolean): SearchResult {
  const sorted = trials.slice().sort((a, b) => {
    const x = Number.isNaN(a.score) ? Infinity : maximize ? -a.score : a.score;
    const y = Number.isNaN(b.score) ? Infinity : maximize ? -b.score : b.score;
    return x < y ? -1 : x > y ? 1 : 0; // two NaN scores (both ∞ here) tie instead of giving NaN
  });
  return { trials: sorted, best: sorted[0]! };
}

export interface RandomSearchOptions {
  space: SearchSpace;
  /** Score of a point, e.g. the dev error after a short training run. */
  evaluate: (hp: Hyperparameters) => number;
  /** Number of random points (default 20). */
  trials?: number;
  rng?: RandomState;
  seed?: number;
  /** Higher is better (e.g. accuracy); default false (a cost or an error). */
  maximize?: boolean;
}

const SEARCH_OPTIONS = ["space", "evaluate", "trials", "rng", "seed", "maximize"];

/** The options every search needs: an object with an `evaluate` function (and a space, for the random ones). */
function checkSearch(where: string, opts: unknown, allowed: readonly string[]): void {
  if (opts === undefined) throw new ValueError(`${where}: options are required, e.g. ${where}({ ${allowed[0]}: …, evaluate: (hp) => devError(hp) })`);
  checkOptions(where, opts, allowed, `{ ${allowed[0]}: …, evaluate: (hp) => devError(hp) }`);
  const o = opts as { evaluate?: unknown; space?: unknown };
  if (typeof o.evaluate !== "function") throw new ValueError(`${where}: evaluate must be a function (hp) => score, got ${kindOf(o.evaluate)}`);
  if (allowed.includes("space") && (typeof o.space !== "object" || o.space === null || Array.isArray(o.space) || Object.keys(o.space).length === 0)) {
    throw new ValueError(`${where}: space must be an object of dimensions like { alpha: logScale(1e-4, 1) }, got ${kindOf(o.space)}`);
  }
  if (allowed.includes("space")) {
    for (const [name, d] of Object.entries(o.space as Record<string, unknown>)) {
      if (typeof d !== "object" || d === null || !DIMENSION_KINDS.includes((d as { kind?: string }).kind as string)) {
        throw new ValueError(`${where}: space.${name} must be a dimension made by logScale, betaScale, linearScale, intScale or choiceOf, e.g. { ${name}: logScale(1e-4, 1) }, got ${kindOf(d)}`);
      }
    }
  }
  const r = opts as { seed?: unknown; rng?: unknown };
  checkSeed(where, r.seed);
  checkRng(where, r.rng);
}

/** Random search: `trials` independent points of the space; unlike a grid, every trial tries a new value of every hyperparameter. */
export function randomSearch(opts: RandomSearchOptions): SearchResult {
  checkSearch("randomSearch", opts, SEARCH_OPTIONS);
  const n = opts.trials ?? 20;
  assertInt("trials", n, 1, 1e7, "randomSearch");
  const rng = opts.rng ?? new RandomState(opts.seed ?? 0);
  const trials: Trial[] = [];
  for (let i = 0; i < n; i++) {
    const hp = sampleSpace(opts.space, rng);
    trials.push({ hp, score: scoreOf("randomSearch", opts.evaluate, hp) });
  }
  return rank(trials, opts.maximize ?? false);
}

/** Grid search: every combination of the listed values (the last name varies fastest). */
export function gridSearch(opts: { grid: Record<string, readonly (number | string)[]>; evaluate: (hp: Hyperparameters) => number; maximize?: boolean }): SearchResult {
  checkSearch("gridSearch", opts, ["grid", "evaluate", "maximize"]);
  if (typeof opts.grid !== "object" || opts.grid === null) throw new ValueError(`gridSearch: grid must be an object of value lists like { alpha: [0.001, 0.01, 0.1] }, got ${kindOf(opts.grid)}`);
  for (const n of Object.keys(opts.grid)) if (!Array.isArray(opts.grid[n])) throw new ValueError(`gridSearch: grid.${n} must be a list of values, got ${kindOf(opts.grid[n])}`);
  const names = Object.keys(opts.grid);
  if (!names.length) throw new ValueError("gridSearch: grid is empty; it needs a list of values per hyperparameter, like { alpha: [0.001, 0.01, 0.1] }");
  for (const n of names) {
    const values = opts.grid[n]!;
    if (!values.length) throw new ValueError(`gridSearch: the grid for ${n} is empty`);
    checkValues("gridSearch", `grid.${n}`, values);
    const seen = new Set(values);
    if (seen.size < values.length) throw new ValueError(`gridSearch: grid.${n} lists ${JSON.stringify(values.find((v, i) => values.indexOf(v) !== i))} twice; each value is tried once`);
  }
  const trials: Trial[] = [];
  const idx = names.map(() => 0);
  for (;;) {
    const hp: Hyperparameters = {};
    names.forEach((n, k) => { hp[n] = opts.grid[n]![idx[k]!]!; });
    trials.push({ hp, score: scoreOf("gridSearch", opts.evaluate, hp) });
    let k = names.length - 1;
    while (k >= 0 && ++idx[k]! >= opts.grid[names[k]!]!.length) { idx[k] = 0; k--; }
    if (k < 0) break;
  }
  return rank(trials, opts.maximize ?? false);
}

export interface CoarseToFineOptions extends RandomSearchOptions {
  /** Rounds of random search (default 2). */
  rounds?: number;
  /** Fraction of each round's best trials whose range becomes the next round's space (default 0.25). */
  keep?: number;
}

/**
 * Coarse to fine: a random search, then zoom every numeric dimension to the range spanned by the
 * best trials (on the dimension's own scale) and search again there.
 */
export function coarseToFine(opts: CoarseToFineOptions): SearchResult & { spaces: SearchSpace[] } {
  checkSearch("coarseToFine", opts, [...SEARCH_OPTIONS, "rounds", "keep"]);
  const rounds = opts.rounds ?? 2, keep = opts.keep ?? 0.25;
  assertInt("rounds", rounds, 1, 100, "coarseToFine");
  if (!(keep > 0 && keep <= 1)) throw new ValueError(`coarseToFine: keep must be in (0, 1], got ${keep}`);
  const rng = opts.rng ?? new RandomState(opts.seed ?? 0);
  const { rounds: _rounds, keep: _keep, ...base } = opts; // each round is a random search with the other options
  let space = opts.space;
  const spaces: SearchSpace[] = [space], all: Trial[] = [];
  for (let r = 0; r < rounds; r++) {
    const res = randomSearch({ ...base, space, rng });
    for (const t of res.trials) t.round = r;
    all.push(...res.trials);
    if (r === rounds - 1) break;
    const top = res.trials.slice(0, Math.max(1, Math.ceil(keep * res.trials.length)));
    const next: SearchSpace = {};
    for (const [name, d] of Object.entries(space)) {
      if (d.kind === "choice") { next[name] = d; continue; }
      const vals = top.map((t) => t.hp[name] as number);
      next[name] = { ...d, low: Math.min(...vals), high: Math.max(...vals) } as Dimension;
    }
    space = next;
    spaces.push(space);
  }
  return { ...rank(all, opts.maximize ?? false), spaces };
}
