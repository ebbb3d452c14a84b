// The 3-D scene of a surface plot drawn as an honest orthographic projection:
// the scene's axis box (back faces shaded, as plotly's), the surface as
// quadrilaterals painted far to near, then paths drawn over it.

import { scaleSampler, toHex } from "./color";
import { linearTicks } from "./axis";
import { px, svgText } from "./text";

type Vec = [number, number, number];
type Trace = Record<string, unknown>;

const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: Vec): Vec => {
  const n = Math.hypot(...a) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
};

function nums(v: unknown): number[] {
  return Array.isArray(v) ? (v as unknown[]).map((x) => (typeof x === "number" ? x : NaN)) : [];
}

/** The most quads per side drawn: finer grids are sampled every k-th line (a picture, not the data). */
const MAX_QUADS = 28;

/** Draw the 3-D traces of a figure into the box (x, y, w, h); returns SVG markup. */
export function renderScene(traces: Trace[], scene: Record<string, unknown>, box: { x: number; y: number; w: number; h: number }): string {
  // Data ranges of the scene's three axes.
  const lo: Vec = [Infinity, Infinity, Infinity];
  const hi: Vec = [-Infinity, -Infinity, -Infinity];
  const grow = (k: number, v: number) => {
    if (Number.isFinite(v)) { lo[k] = Math.min(lo[k]!, v); hi[k] = Math.max(hi[k]!, v); }
  };
  for (const t of traces) {
    if (t.type === "surface") {
      nums(t.x).forEach((v) => grow(0, v));
      nums(t.y).forEach((v) => grow(1, v));
      (t.z as unknown[][] | undefined)?.forEach((row) => nums(row).forEach((v) => grow(2, v)));
    } else {
      nums(t.x).forEach((v) => grow(0, v));
      nums(t.y).forEach((v) => grow(1, v));
      nums(t.z).forEach((v) => grow(2, v));
    }
  }
  for (let k = 0; k < 3; k++) if (!(hi[k]! > lo[k]!)) { lo[k] = (Number.isFinite(lo[k]!) ? lo[k]! : 0) - 1; hi[k] = lo[k]! + 2; }
  // Normalised cube [-1, 1]³ seen from plotly's default eye (1.25, 1.25, 1.25), z up.
  const camera = (scene.camera as { eye?: { x: number; y: number; z: number } } | undefined)?.eye ?? { x: 1.25, y: 1.25, z: 1.25 };
  const eye = unit([camera.x, camera.y, camera.z]);
  const right = unit(cross([0, 0, 1], eye));
  const up = cross(eye, right);
  const norm = (p: Vec): Vec => [0, 1, 2].map((k) => (2 * (p[k]! - lo[k]!)) / (hi[k]! - lo[k]!) - 1) as Vec;
  // Fit the projected cube into the box.
  const corners: Vec[] = [];
  for (const a of [-1, 1]) for (const b of [-1, 1]) for (const c of [-1, 1]) corners.push([a, b, c]);
  const proj0 = corners.map((c) => [dot(c, right), dot(c, up)]);
  const minU = Math.min(...proj0.map((p) => p[0]!)), maxU = Math.max(...proj0.map((p) => p[0]!));
  const minV = Math.min(...proj0.map((p) => p[1]!)), maxV = Math.max(...proj0.map((p) => p[1]!));
  const scale = Math.min((box.w - 60) / (maxU - minU), (box.h - 40) / (maxV - minV));
  const cx = box.x + box.w / 2 - ((minU + maxU) / 2) * scale;
  const cy = box.y + box.h / 2 + ((minV + maxV) / 2) * scale;
  const screen = (n: Vec): [number, number] => [cx + dot(n, right) * scale, cy - dot(n, up) * scale];
  const depth = (n: Vec) => -dot(n, eye); // larger = further from the viewer
  const out: string[] = [];

  // Back faces of the box: for each axis, the side facing away from the eye.
  const axisNames = ["xaxis", "yaxis", "zaxis"];
  for (let k = 0; k < 3; k++) {
    const side = eye[k]! > 0 ? -1 : 1;
    const [a, b] = [0, 1, 2].filter((q) => q !== k) as [number, number];
    const face = [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([u, v]) => {
      const p: Vec = [0, 0, 0];
      p[k] = side; p[a] = u!; p[b] = v!;
      return screen(p);
    });
    out.push(`<path d="M${face.map((q) => `${px(q[0])} ${px(q[1])}`).join("L")}Z" fill="#E5ECF6" stroke="#ffffff"/>`);
    // Grid lines of the two axes lying in this face.
    for (const g of [a, b]) {
      const other = g === a ? b : a;
      for (const t of linearTicks(lo[g]!, hi[g]!, 5)) {
        const u = (2 * (t.at - lo[g]!)) / (hi[g]! - lo[g]!) - 1;
        const p1: Vec = [0, 0, 0], p2: Vec = [0, 0, 0];
        p1[k] = p2[k] = side; p1[g] = p2[g] = u; p1[other] = -1; p2[other] = 1;
        const [s1, s2] = [screen(p1), screen(p2)];
        out.push(`<path d="M${px(s1[0])} ${px(s1[1])}L${px(s2[0])} ${px(s2[1])}" stroke="#ffffff"/>`);
      }
    }
  }
  // Tick labels and titles on the front-bottom edges (x and y) and a vertical edge (z).
  const edgeAt = (k: number): Vec => {
    const p: Vec = [0, 0, 0];
    for (let q = 0; q < 3; q++) if (q !== k) p[q] = q === 2 ? -1 : eye[q]! > 0 ? 1 : -1;
    if (k === 2) { p[0] = eye[0]! > 0 ? 1 : -1; p[1] = eye[1]! > 0 ? -1 : 1; }
    return p;
  };
  for (let k = 0; k < 3; k++) {
    const base = edgeAt(k);
    const axis = (scene[axisNames[k]!] as { title?: { text?: string } } | undefined) ?? {};
    for (const t of linearTicks(lo[k]!, hi[k]!, 4)) {
      const p: Vec = [...base];
      p[k] = (2 * (t.at - lo[k]!)) / (hi[k]! - lo[k]!) - 1;
      const [sx, sy] = screen(p);
      out.push(svgText(t.text, { x: sx + (k === 2 ? -8 : 0), y: sy + (k === 2 ? 0 : 6), size: 10, anchor: k === 2 ? "end" : "middle", baseline: k === 2 ? "middle" : "top" }, t.exp));
    }
    const title = axis.title?.text ?? ["x", "y", "z"][k]!;
    const mid: Vec = [...base];
    mid[k] = 0;
    const [mx, my] = screen(mid);
    out.push(svgText(title, { x: mx + (k === 2 ? -50 : 0), y: my + (k === 2 ? 0 : 22), size: 12, anchor: "middle", baseline: k === 2 ? "middle" : "top" }));
  }

  // Surfaces: quads sorted far to near, filled by the mean height's colour.
  const quads: { d: number; path: string; fill: string; opacity: number }[] = [];
  const overlays: string[] = [];
  for (const t of traces) {
    if (t.type === "surface") {
      const xs = nums(t.x), ys = nums(t.y);
      const z = (t.z as unknown[][]).map((r) => nums(r));
      const ny = z.length, nx = ny ? z[0]!.length : 0;
      const xv = xs.length === nx ? xs : Array.from({ length: nx }, (_, i) => i);
      const yv = ys.length === ny ? ys : Array.from({ length: ny }, (_, j) => j);
      const si = Math.max(1, Math.ceil((nx - 1) / MAX_QUADS)), sj = Math.max(1, Math.ceil((ny - 1) / MAX_QUADS));
      const is: number[] = [], js: number[] = [];
      for (let i = 0; i < nx; i += si) is.push(i);
      if (is[is.length - 1] !== nx - 1) is.push(nx - 1);
      for (let j = 0; j < ny; j += sj) js.push(j);
      if (js[js.length - 1] !== ny - 1) js.push(ny - 1);
      let zmin = Infinity, zmax = -Infinity;
      z.forEach((r) => r.forEach((v) => { if (Number.isFinite(v)) { zmin = Math.min(zmin, v); zmax = Math.max(zmax, v); } }));
      if (typeof t.cmin === "number") zmin = t.cmin;
      if (typeof t.cmax === "number") zmax = t.cmax;
      const color = scaleSampler(t.colorscale, t.reversescale === true);
      const opacity = typeof t.opacity === "number" ? t.opacity : 1;
      for (let b = 0; b + 1 < js.length; b++) {
        for (let a = 0; a + 1 < is.length; a++) {
          const cs: Vec[] = [[is[a]!, js[b]!], [is[a + 1]!, js[b]!], [is[a + 1]!, js[b + 1]!], [is[a]!, js[b + 1]!]].map(([i, j]) => [xv[i!]!, yv[j!]!, z[j!]![i!]!]);
          if (cs.some((c) => !Number.isFinite(c[2]))) continue;
          const n = cs.map(norm);
          const mean = cs.reduce((s, c) => s + c[2], 0) / 4;
          const fill = toHex(color(zmax > zmin ? (mean - zmin) / (zmax - zmin) : 0.5));
          const pts = n.map(screen);
          quads.push({ d: n.reduce((s, c) => s + depth(c), 0) / 4, path: `M${pts.map((q) => `${px(q[0])} ${px(q[1])}`).join("L")}Z`, fill, opacity });
        }
      }
    } else if (t.type === "scatter3d") {
      const xs = nums(t.x), ys = nums(t.y), zs = nums(t.z);
      const line = (t.line as { color?: string; width?: number } | undefined) ?? {};
      const marker = (t.marker as { color?: string; size?: number } | undefined) ?? {};
      const color = line.color ?? marker.color ?? "#1f77b4";
      const pts = xs.map((x, i) => screen(norm([x, ys[i]!, zs[i]!])));
      const mode = String(t.mode ?? "lines+markers");
      if (mode.includes("lines") && pts.length > 1) overlays.push(`<path d="M${pts.map((q) => `${px(q[0])} ${px(q[1])}`).join("L")}" fill="none" stroke="${color}" stroke-width="${line.width ?? 4}" stroke-linejoin="round"/>`);
      if (mode.includes("markers")) {
        const r = (marker.size ?? 4) / 2;
        overlays.push(`<g fill="${marker.color ?? color}">${pts.map((q) => `<circle cx="${px(q[0])}" cy="${px(q[1])}" r="${px(r)}"/>`).join("")}</g>`);
      }
    }
  }
  quads.sort((a, b) => b.d - a.d);
  for (const q of quads) out.push(`<path d="${q.path}" fill="${q.fill}" stroke="${q.fill}" stroke-width="0.6"${q.opacity < 1 ? ` opacity="${q.opacity}"` : ""}/>`);
  out.push(...overlays);
  return `<g class="scene">${out.join("")}</g>`;
}
