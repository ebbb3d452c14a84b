// Colours for the static picture: CSS colour strings parsed to RGB, and
// plotly colour scales (named or [fraction, colour] stops) sampled at a value.

/** An RGB colour with alpha, channels 0–255, alpha 0–1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const NAMED: Record<string, string> = {
  black: "#000000", white: "#ffffff", red: "#ff0000", green: "#008000", blue: "#0000ff", gray: "#808080", grey: "#808080",
  orange: "#ffa500", purple: "#800080", yellow: "#ffff00", transparent: "rgba(0,0,0,0)",
};

/** Parse `#rgb`, `#rrggbb`, `rgb(…)`, `rgba(…)` or a few CSS names; unknown strings give mid grey. */
export function parseColor(c: string): Rgba {
  const s = (NAMED[c.trim().toLowerCase()] ?? c).trim();
  let m = /^#([0-9a-f]{6})$/i.exec(s);
  if (m) {
    const n = parseInt(m[1]!, 16);
    return { r: n >> 16, g: (n >> 8) & 255, b: n & 255, a: 1 };
  }
  m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(s);
  if (m) return { r: parseInt(m[1]! + m[1], 16), g: parseInt(m[2]! + m[2], 16), b: parseInt(m[3]! + m[3], 16), a: 1 };
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(s);
  if (m) return { r: +m[1]!, g: +m[2]!, b: +m[3]!, a: m[4] === undefined ? 1 : +m[4] };
  return { r: 128, g: 128, b: 128, a: 1 };
}

/** `#rrggbb` of an RGB colour (alpha dropped). */
export function toHex({ r, g, b }: Rgba): string {
  return "#" + [r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0")).join("");
}

/** A colour scale as plotly stores it: stops [fraction in 0…1, CSS colour]. */
export type ColorScale = [number, string][];

// Plotly's named scales used by descent's builders (Viridis is matplotlib's, sampled at 17 stops).
const VIRIDIS: ColorScale = [
  [0, "#440154"], [0.0625, "#48186a"], [0.125, "#472d7b"], [0.1875, "#424086"], [0.25, "#3b528b"], [0.3125, "#33638d"],
  [0.375, "#2c728e"], [0.4375, "#26828e"], [0.5, "#21918c"], [0.5625, "#1fa088"], [0.625, "#28ae80"], [0.6875, "#3fbc73"],
  [0.75, "#5ec962"], [0.8125, "#84d44b"], [0.875, "#addc30"], [0.9375, "#d8e219"], [1, "#fde725"],
];
const NAMED_SCALES: Record<string, ColorScale> = {
  viridis: VIRIDIS,
  blues: [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
  greys: [[0, "#ffffff"], [1, "#000000"]],
  rdbu: [[0, "#053061"], [0.5, "#f7f7f7"], [1, "#67001f"]],
};

/** The stops of a colour scale given by name or as stops (unknown names fall back to Viridis). */
export function colorScale(spec: unknown): ColorScale {
  if (Array.isArray(spec) && spec.length >= 2 && spec.every((s) => Array.isArray(s) && s.length === 2)) return spec as ColorScale;
  if (typeof spec === "string") return NAMED_SCALES[spec.toLowerCase()] ?? VIRIDIS;
  return VIRIDIS;
}

/** The parsed stops of a scale, ready for repeated sampling. */
export function scaleSampler(spec: unknown, reverse = false): (t: number) => Rgba {
  const stops = colorScale(spec).map(([f, c]) => ({ f: reverse ? 1 - f : f, c: parseColor(c) })).sort((a, b) => a.f - b.f);
  return (t: number) => {
    if (!(t > stops[0]!.f)) return stops[0]!.c;
    for (let i = 1; i < stops.length; i++) {
      const hi = stops[i]!;
      if (t <= hi.f) {
        const lo = stops[i - 1]!;
        const u = hi.f > lo.f ? (t - lo.f) / (hi.f - lo.f) : 1;
        return { r: lo.c.r + (hi.c.r - lo.c.r) * u, g: lo.c.g + (hi.c.g - lo.c.g) * u, b: lo.c.b + (hi.c.b - lo.c.b) * u, a: lo.c.a + (hi.c.a - lo.c.a) * u };
      }
    }
    return stops[stops.length - 1]!.c;
  };
}

/** Relative luminance (0 dark … 1 light), to pick a readable text colour on a fill. */
export function luminance({ r, g, b }: Rgba): number {
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}
