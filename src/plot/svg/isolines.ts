// Contour lines of a sampled surface: marching squares on the grid, the
// segments of each cell joined into polylines, in grid coordinates.

/** A polyline in fractional grid coordinates: i along x (columns), j along y (rows). */
export type Polyline = { i: number; j: number }[];

/**
 * The polylines where z (z[j][i]) crosses `level`, linearly interpolated
 * along cell edges. Cells with a missing corner are skipped; saddle cells are
 * split by the cell's mean, as plotly does.
 */
export function isolines(z: (number | null)[][], level: number): Polyline[] {
  const ny = z.length;
  const nx = ny ? z[0]!.length : 0;
  // Edge ids: horizontal edge (i,j)-(i+1,j) = 2*(j*nx+i), vertical (i,j)-(i,j+1) = 2*(j*nx+i)+1.
  const point = new Map<number, { i: number; j: number }>();
  const links = new Map<number, number[]>();
  const at = (i: number, j: number) => z[j]![i] as number;
  const cross = (edge: number): { i: number; j: number } => {
    let p = point.get(edge);
    if (p) return p;
    const k = edge >> 1;
    const i = k % nx, j = Math.floor(k / nx);
    const a = at(i, j);
    if (edge & 1) {
      const b = at(i, j + 1);
      p = { i, j: j + (level - a) / (b - a) };
    } else {
      const b = at(i + 1, j);
      p = { i: i + (level - a) / (b - a), j };
    }
    point.set(edge, p);
    return p;
  };
  const link = (e1: number, e2: number) => {
    cross(e1);
    cross(e2);
    (links.get(e1) ?? links.set(e1, []).get(e1)!).push(e2);
    (links.get(e2) ?? links.set(e2, []).get(e2)!).push(e1);
  };
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const v0 = z[j]![i], v1 = z[j]![i + 1], v2 = z[j + 1]![i + 1], v3 = z[j + 1]![i];
      if (typeof v0 !== "number" || typeof v1 !== "number" || typeof v2 !== "number" || typeof v3 !== "number") continue;
      const code = (v0 >= level ? 1 : 0) | (v1 >= level ? 2 : 0) | (v2 >= level ? 4 : 0) | (v3 >= level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const bottom = 2 * (j * nx + i), top = 2 * ((j + 1) * nx + i), left = 2 * (j * nx + i) + 1, right = 2 * (j * nx + i + 1) + 1;
      switch (code) {
        case 1: case 14: link(left, bottom); break;
        case 2: case 13: link(bottom, right); break;
        case 3: case 12: link(left, right); break;
        case 4: case 11: link(right, top); break;
        case 6: case 9: link(bottom, top); break;
        case 7: case 8: link(left, top); break;
        case 5: case 10: {
          const high = (v0 + v1 + v2 + v3) / 4 >= level;
          // code 5: corners 0 and 2 high
          if ((code === 5) === high) { link(left, top); link(bottom, right); } else { link(left, bottom); link(right, top); }
          break;
        }
      }
    }
  }
  // Walk the chains, open ones from an end first, then the closed loops.
  const used = new Set<string>();
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  const lines: Polyline[] = [];
  const walk = (start: number) => {
    const line = [point.get(start)!];
    let prev = -1, cur = start;
    for (;;) {
      const next = (links.get(cur) ?? []).find((e) => e !== prev && !used.has(key(cur, e))) ?? (links.get(cur) ?? []).find((e) => !used.has(key(cur, e)));
      if (next === undefined) break;
      used.add(key(cur, next));
      line.push(point.get(next)!);
      prev = cur;
      cur = next;
    }
    if (line.length > 1) lines.push(line);
  };
  for (const [e, l] of links) if (l.length === 1 && !used.has(key(e, l[0]!))) walk(e);
  for (const [e, l] of links) if (l.some((n) => !used.has(key(e, n)))) walk(e);
  return lines;
}

/** Douglas–Peucker: drop points closer than `tol` to the line through their neighbours' span. */
export function simplify(pts: [number, number][], tol: number): [number, number][] {
  if (pts.length < 3) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = pts[a]!, [bx, by] = pts[b]!;
    const dx = bx - ax, dy = by - ay;
    const len = Math.hypot(dx, dy);
    let worst = -1, dmax = tol;
    for (let k = a + 1; k < b; k++) {
      const [px, py] = pts[k]!;
      const d = len > 0 ? Math.abs(dy * (px - ax) - dx * (py - ay)) / len : Math.hypot(px - ax, py - ay);
      if (d > dmax) { dmax = d; worst = k; }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return pts.filter((_, k) => keep[k]);
}
