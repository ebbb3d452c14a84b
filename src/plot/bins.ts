// Histogram bins computed in Node, so the notebook carries counts instead of
// every raw value and the static picture and the interactive plot agree bar
// for bar (both get the same explicit bins).

/** Equal-width bins [start + k·size, start + (k+1)·size), the last one closed. */
export interface Bins {
  start: number;
  size: number;
  counts: number[];
}

function niceBinSize(raw: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}

/**
 * Shared bin edges for one or more sets of values: a "nice" width (1, 2, 2.5
 * or 5 × 10^k) giving at most `maxBins` bins over the values' range; by
 * default about √n bins, between 5 and 60. When every value is an integer
 * (counts, numbers of eigenvalues) the width is a whole number (1, 2, 5 × 10^k)
 * and the edges sit half-way between integers, so no value lies on an edge and
 * a bar never straddles or skips an integer (plotly shifts integer data the same way).
 */
export function binEdges(sets: (number | null)[][], maxBins?: number): { start: number; size: number; count: number } {
  let lo = Infinity, hi = -Infinity, n = 0;
  for (const s of sets) for (const v of s) if (typeof v === "number" && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); n++; }
  if (n === 0) return { start: 0, size: 1, count: 1 };
  const target = maxBins ?? Math.min(60, Math.max(5, Math.round(Math.sqrt(n))));
  const integers = sets.every((set) => set.every((v) => typeof v !== "number" || !Number.isFinite(v) || Number.isInteger(v)));
  if (hi === lo) {
    const size = integers || lo === 0 ? 1 : niceBinSize(Math.abs(lo) / 10);
    return { start: lo - size / 2, size, count: 1 };
  }
  let size = niceBinSize((hi - lo) / target);
  let start = Math.floor(lo / size) * size;
  if (integers) {
    size = size <= 1 ? 1 : size === 2.5 ? 5 : size; // the others above 1 (2, 5, 10, 20, 25, …) are whole
    start = Math.floor(lo / size) * size - 0.5;
    if (start + size < lo) start += size;
  }
  let count = Math.max(1, Math.ceil((hi - start) / size - 1e-9));
  if (start + count * size < hi) count++;
  return { start, size, count };
}

/** Counts of `values` in the bins of `edges` (the top edge belongs to the last bin). */
export function countBins(values: (number | null)[], edges: { start: number; size: number; count: number }): Bins {
  const counts = new Array<number>(edges.count).fill(0);
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    const k = Math.min(edges.count - 1, Math.max(0, Math.floor((v - edges.start) / edges.size + 1e-12)));
    counts[k]!++;
  }
  return { start: edges.start, size: edges.size, counts };
}

/**
 * Bar heights under plotly's `histnorm`: counts, "percent", "probability",
 * "density" (count / width) or "probability density" (area 1).
 */
export function normalise(counts: number[], size: number, histnorm: unknown): number[] {
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  switch (histnorm) {
    case "percent": return counts.map((c) => (100 * c) / total);
    case "probability": return counts.map((c) => c / total);
    case "density": return counts.map((c) => c / size);
    case "probability density": return counts.map((c) => c / (total * size));
    default: return counts;
  }
}
