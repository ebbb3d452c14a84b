// Text in the static picture: XML escaping, an estimate of rendered width
// (no font metrics in Node; wide CJK glyphs count double) and SVG <text>.

/**
 * Plotly's font stack, then Latin fonts common on Linux (Liberation Sans has Arial's widths, which
 * textWidth assumes), then CJK fonts so Chinese names render where the system has them. Without a Latin
 * font before them, a renderer that finds none of Plotly's three draws every Latin glyph from the first
 * CJK font, whose · and ‖ are a full square wide.
 */
export const FONT = `"Open Sans", verdana, arial, "Liberation Sans", "DejaVu Sans", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif`;
/** Plotly's default text colour. */
export const TEXT_COLOR = "#2a3f5f";

/** Escape text for SVG element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Plotly titles may carry <b>, <i>, <br>, <sup>, <sub>: the static picture keeps their text. */
export function stripTags(s: string): string {
  return s.replace(/<br\s*\/?>/gi, " ").replace(/<[^>]*>/g, "");
}

/** Approximate rendered width in pixels of `s` at `size` px (CJK and full-width glyphs are square). */
export function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += c >= 0x2e80 && c <= 0xffef ? size : c >= 0x2000 && c < 0x2100 ? 0.45 * size : /[A-Zmw]/.test(ch) ? 0.68 * size : /[il.,:;'|!1 ]/.test(ch) ? 0.32 * size : 0.56 * size;
  }
  return w;
}

/** A pixel coordinate with one decimal (a tenth of a pixel is below what a screen shows). */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Attributes of a <text> element. */
export interface TextAttrs {
  x: number;
  y: number;
  size?: number;
  anchor?: "start" | "middle" | "end";
  color?: string;
  weight?: string;
  rotate?: number;
  /** Vertical alignment of the text box at y. */
  baseline?: "top" | "middle" | "bottom";
}

/** An SVG <text> of `s` (tags stripped); `exp` is drawn as a raised exponent after it. */
export function svgText(s: string, a: TextAttrs, exp?: string): string {
  const size = a.size ?? 12;
  const dy = a.baseline === "top" ? 0.8 * size : a.baseline === "middle" ? 0.35 * size : 0;
  const attrs = [`x="${px(a.x)}"`, `y="${px(a.y + dy)}"`];
  if (size !== 12) attrs.push(`font-size="${size}"`);
  if (a.anchor && a.anchor !== "start") attrs.push(`text-anchor="${a.anchor}"`);
  if (a.color && a.color !== TEXT_COLOR) attrs.push(`fill="${esc(a.color)}"`);
  if (a.weight) attrs.push(`font-weight="${a.weight}"`);
  if (a.rotate) attrs.push(`transform="rotate(${a.rotate} ${px(a.x)} ${px(a.y)})"`);
  const sup = exp ? `<tspan dy="${px(-0.45 * size)}" font-size="${px(0.7 * size)}">${esc(exp)}</tspan>` : "";
  return `<text ${attrs.join(" ")}>${esc(stripTags(s))}${sup}</text>`;
}
