// Axes of the static picture: data → pixel maps (linear, log, category),
// tick positions a reader expects, and tick labels as plotly writes them with
// exponentformat "power" (10⁻³, never SI prefixes like 1m or 1μ).

/** A tick: position in axis units (log10 of the value on log axes) and its label. */
export interface Tick {
  at: number;
  /** Label as mantissa text plus an optional power-of-ten exponent drawn raised. */
  text: string;
  exp?: string;
}

/** An axis' kind and range, in axis units (log10 on log axes, index on category axes). */
export interface AxisSpec {
  type: "linear" | "log" | "category";
  range: [number, number];
  categories?: string[];
  /** Ticks chosen by the figure (plotly's tickvals, in data values) and their labels (ticktext). */
  tickvals?: number[];
  ticktext?: string[];
}

const MINUS = "\u2212";

/** 1, 2 or 5 times a power of ten, the smallest at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  // A hair of slack: 0.002 / 4 is 5.000000000000001 × 10⁻⁴, which is a step of 5, not 10.
  const e = 1 + 1e-9;
  return (m <= e ? 1 : m <= 2 * e ? 2 : m <= 5 * e ? 5 : 10) * p;
}

function decimalsOf(step: number): number {
  return Math.max(0, Math.min(15, -Math.floor(Math.log10(step) + 1e-9)));
}

/** Plain text of a number with `decimals` places, a true minus sign, no "-0". */
export function plainNumber(v: number, decimals: number): string {
  // Trailing zeros dropped, as plotly writes ticks: 0, 0.5, 1.
  const s = String(+(Math.abs(v) < 0.5 * Math.pow(10, -decimals) ? 0 : v).toFixed(decimals));
  return s.startsWith("-") ? MINUS + s.slice(1) : s;
}

/** A power of ten 10^k as a tick label: 1 and 10 plainly, others as 10 with a raised exponent. */
export function powerLabel(k: number): Pick<Tick, "text" | "exp"> {
  if (k === 0) return { text: "1" };
  if (k === 1) return { text: "10" };
  return { text: "10", exp: k < 0 ? MINUS + String(-k) : String(k) };
}

/** Ticks of a linear axis over [lo, hi], about `target` of them. */
export function linearTicks(lo: number, hi: number, target: number): Tick[] {
  const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
  const step = niceStep((b - a) / Math.max(1, target));
  const first = Math.ceil(a / step - 1e-9);
  const ticks: Tick[] = [];
  const maxAbs = Math.max(Math.abs(a), Math.abs(b));
  // Very large or small values: mantissa × 10^k with one exponent for the axis.
  const power = maxAbs >= 1e5 || (step < 1e-4 && maxAbs < 1e-2) ? Math.floor(Math.log10(maxAbs)) : 0;
  const scale = Math.pow(10, power);
  const dec = decimalsOf(step / scale);
  for (let k = first; k * step <= b + step * 1e-9 && ticks.length < 50; k++) {
    const v = k * step;
    if (power === 0) ticks.push({ at: v, text: plainNumber(v, dec) });
    else if (Math.abs(v) < step * 1e-9) ticks.push({ at: 0, text: "0" });
    else ticks.push({ at: v, text: `${plainNumber(v / scale, dec)}×10`, exp: power < 0 ? MINUS + String(-power) : String(power) });
  }
  return ticks;
}

/** Ticks of a log axis whose range [lo, hi] is in log10 units. */
export function logTicks(lo: number, hi: number, target: number): Tick[] {
  const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
  const decades: number[] = [];
  for (let k = Math.ceil(a - 1e-9); k <= b + 1e-9; k++) decades.push(k);
  if (decades.length >= 3) {
    const every = Math.max(1, Math.ceil(decades.length / Math.max(1, target)));
    return decades.filter((k) => k % every === 0).map((k) => ({ at: k, ...powerLabel(k) }));
  }
  // Less than two whole decades: 1, 2 and 5 times the powers of ten inside, labelled 2 and 5 like plotly.
  const ticks: Tick[] = [];
  for (let k = Math.floor(a) - 1; k <= Math.ceil(b); k++) {
    for (const d of [1, 2, 5]) {
      const at = k + Math.log10(d);
      if (at >= a - 1e-9 && at <= b + 1e-9) ticks.push(d === 1 ? { at, ...powerLabel(k) } : { at, text: String(d) });
    }
  }
  if (ticks.length >= 2) return ticks;
  // A fraction of a decade: linear ticks on the values, placed at their logs.
  return linearTicks(Math.pow(10, a), Math.pow(10, b), target)
    .filter((t) => t.at > 0)
    .map((t) => ({ ...t, at: Math.log10(t.at) }));
}

/** A tick label as plotly takes it in ticktext ("2×10<sup>−5</sup>") split into text and raised exponent. */
export function parseTickText(text: string): Pick<Tick, "text" | "exp"> {
  const m = /^(.*)<sup>(.*)<\/sup>$/.exec(text);
  return m ? { text: m[1]!, exp: m[2]! } : { text };
}

/**
 * A value written in full for a tick label: 0.05, 0.2, 300; outside [10⁻⁴, 10⁵), or with
 * `sci`, as mantissa×10<sup>k</sup> (plotly's ticktext markup for a raised exponent).
 */
export function fullLabel(v: number, sci = false): string {
  if (v === 0) return "0";
  const a = Math.abs(v), sign = v < 0 ? MINUS : "";
  if (!sci && a >= 1e-4 && a < 1e5) return sign + String(+a.toPrecision(6));
  const k = Math.floor(Math.log10(a) + 1e-9);
  const m = +(a / Math.pow(10, k)).toPrecision(6);
  const exp = k < 0 ? MINUS + String(-k) : String(k);
  return `${sign}${m === 1 ? "" : `${m}×`}10<sup>${exp}</sup>`;
}

/**
 * Ticks with full labels for a log axis spanning less than three decades ([lo, hi] in log10
 * units), where plotly's own labels would be bare digits ("2", "5" for 0.2 and 0.5, or 20 and
 * 50) that read as the wrong numbers: 1, 2 and 5 times the powers of ten, or under one decade
 * evenly spaced values (about `target` of them: 0.2, 0.3, …, as plotly does there). Null when the axis spans three
 * decades or more: plotly's powers of ten (10⁻³, 10⁻², …) are clear there. Values reach beyond
 * the range each side (a decade, or five steps), so a panned live plot still has labels.
 */
export function logAxisTicks(lo: number, hi: number, target = 8): { tickvals: number[]; ticktext: string[] } | null {
  const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
  if (!(Number.isFinite(a) && Number.isFinite(b)) || b - a >= 3) return null;
  const vals: number[] = [];
  if (b - a < 1) {
    const step = niceStep((Math.pow(10, b) - Math.pow(10, a)) / target);
    const first = Math.max(1, Math.ceil(Math.pow(10, a) / step - 1e-9) - 5);
    for (let k = first; k <= Math.floor(Math.pow(10, b) / step + 1e-9) + 5; k++) vals.push(+(k * step).toPrecision(12));
  } else {
    for (let k = Math.floor(a) - 1; k <= Math.ceil(b) + 1; k++) for (const d of [1, 2, 5]) vals.push(+(d * Math.pow(10, k)).toPrecision(12));
  }
  const tickvals = [...new Set(vals)].sort((x, y) => x - y);
  // One style per axis: all as powers of ten when any value shown needs one (0.0002 beside 5×10⁻⁵ reads badly).
  const sci = a < -4 || b >= 5;
  return { tickvals, ticktext: tickvals.map((v) => fullLabel(v, sci)) };
}

/** Pixels per tick plotly aims for when it picks ticks itself: 80 along x, 40 along y (and vertical colour bars). */
export const X_TICK_PX = 80, Y_TICK_PX = 40;

/**
 * Ticks of an axis `lengthPx` long, as plotly picks them: about lengthPx / spacing of them,
 * kept within 4 … 9, plus one (the rough step is the range over that count, rounded up to 1, 2
 * or 5 times a power of ten).
 */
export function axisTicks(spec: AxisSpec, lengthPx: number, spacing: number): Tick[] {
  const target = Math.min(9, Math.max(4, lengthPx / spacing)) + 1;
  const [lo, hi] = spec.range;
  if (spec.tickvals && spec.type !== "category") {
    return spec.tickvals
      .map((v, i) => ({ at: toAxis(spec.type, v), ...(spec.ticktext?.[i] !== undefined ? parseTickText(spec.ticktext[i]!) : { text: String(v) }) }))
      .filter((t) => Number.isFinite(t.at) && t.at >= Math.min(lo, hi) - 1e-9 && t.at <= Math.max(lo, hi) + 1e-9);
  }
  if (spec.type === "category") {
    const cats = spec.categories ?? [];
    const every = Math.max(1, Math.ceil(cats.length / Math.max(1, Math.floor(lengthPx / 30))));
    return cats.flatMap((c, i) => (i % every === 0 ? [{ at: i, text: c }] : []));
  }
  return (spec.type === "log" ? logTicks(lo, hi, target) : linearTicks(lo, hi, target)).filter((t) => t.at >= Math.min(lo, hi) - 1e-9 && t.at <= Math.max(lo, hi) + 1e-9);
}

/** The axis-unit value of a data value (log10 on log axes; non-positive values have none). */
export function toAxis(type: AxisSpec["type"], v: number): number {
  return type === "log" ? (v > 0 ? Math.log10(v) : NaN) : v;
}
