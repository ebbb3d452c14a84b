// Two-dimensional cost surfaces J(x, y) with exact gradients and Hessians:
// the landscapes the optimizer lessons descend (an elongated bowl, a saddle,
// a plateau, two wells, Rosenbrock's valley). Each is plain data with its
// functions as closures, so `plot.contour(s.f, …)` can take `s.f` on its own.
import { ValueError, assertFinite, assertPositive, checkOptions, kindOf } from "../errors";

/** A point where ∇J = 0, and what the Hessian's eigenvalue signs make it. */
export interface CriticalPoint {
  point: [number, number];
  kind: "minimum" | "maximum" | "saddle";
}

/** A surface J(x, y): its value, gradient and Hessian, a window to draw it in, and its critical points. */
export interface Surface {
  readonly name: string;
  /** The formula in TeX, for titles and text. */
  readonly formula: string;
  /** J(x, y). */
  readonly f: (x: number, y: number) => number;
  /** ∇J = [∂J/∂x, ∂J/∂y]. */
  readonly grad: (x: number, y: number) => [number, number];
  /** The Hessian [[∂²J/∂x², ∂²J/∂x∂y], [∂²J/∂y∂x, ∂²J/∂y²]]. */
  readonly hessian: (x: number, y: number) => [[number, number], [number, number]];
  /** A window that shows the interesting part: `plot.contour(s.f, { ...s.view })`. */
  readonly view: { x: [number, number]; y: [number, number] };
  /** The points with ∇J = 0 in the view, classified. */
  readonly criticalPoints: CriticalPoint[];
}

/**
 * The elongated bowl of the momentum lessons, `J = x²/a + y²/b`, `∇J = (2x/a, 2y/b)`. With the
 * defaults a = 100, b = 1 it is 100 times steeper across (y) than along (x): gradient descent is stable
 * only for α < b (α·2/b < 2) and then crawls along x by a factor 1 − 2α/a per step. Computed as
 * `x * x / a + y * y / b`, bit for bit the lessons' `x * x / 100 + y * y`.
 */
export function bowl(opts: { a?: number; b?: number } = {}): Surface {
  checkOptions("bowl", opts, ["a", "b"], "{ a: 100, b: 1 }");
  const a = opts.a ?? 100, b = opts.b ?? 1;
  assertPositive("a", a, "bowl");
  assertPositive("b", b, "bowl");
  return {
    name: `bowl(a=${a}, b=${b})`,
    formula: `J = \\frac{x^2}{${a}} + \\frac{y^2}{${b}}`.replace("\\frac{x^2}{1}", "x^2").replace("\\frac{y^2}{1}", "y^2"),
    f: (x, y) => x * x / a + y * y / b,
    grad: (x, y) => [2 * x / a, 2 * y / b],
    hessian: () => [[2 / a, 0], [0, 2 / b]],
    view: { x: [-10, 3], y: [-3, 3] },
    criticalPoints: [{ point: [0, 0], kind: "minimum" }],
  };
}

/**
 * The saddle `J = x² − y²`, `∇J = (2x, −2y)`, Hessian diag(2, −2): a minimum along x, a maximum
 * along y. Started on the x-axis, gradient descent slides into the saddle point and stays there; any
 * y ≠ 0 grows by a factor 1 + 2α per step until it escapes. J has no minimum: it falls without bound.
 */
export function saddle(): Surface {
  return {
    name: "saddle",
    formula: "J = x^2 - y^2",
    f: (x, y) => x * x - y * y,
    grad: (x, y) => [2 * x, -2 * y],
    hessian: () => [[2, 0], [0, -2]],
    view: { x: [-2, 2], y: [-2, 2] },
    criticalPoints: [{ point: [0, 0], kind: "saddle" }],
  };
}

/**
 * A plateau around a well, `J = 1 − exp(−(x² + y²)/w²)`: far from the origin J ≈ 1 and
 * `∇J = (2x/w², 2y/w²)·exp(−(x² + y²)/w²)` is nearly zero, so gradient descent barely moves, while
 * optimizers that divide by the gradient's size (RMSprop, Adam) keep steps of about α.
 */
export function plateau(opts: { width?: number } = {}): Surface {
  checkOptions("plateau", opts, ["width"], "{ width: 1 }");
  const w = opts.width ?? 1;
  assertPositive("width", w, "plateau");
  const w2 = w * w;
  const e = (x: number, y: number) => Math.exp(-(x * x + y * y) / w2);
  return {
    name: `plateau(width=${w})`,
    formula: w === 1 ? "J = 1 - e^{-(x^2 + y^2)}" : `J = 1 - e^{-(x^2 + y^2)/${w}^2}`,
    f: (x, y) => 1 - e(x, y),
    grad: (x, y) => { const g = 2 * e(x, y) / w2; return [g * x, g * y]; },
    hessian: (x, y) => {
      const ev = e(x, y), k = 4 / (w2 * w2);
      return [[(2 / w2 - k * x * x) * ev, -k * x * y * ev], [-k * x * y * ev, (2 / w2 - k * y * y) * ev]];
    },
    view: { x: [-4 * w, 4 * w], y: [-4 * w, 4 * w] },
    criticalPoints: [{ point: [0, 0], kind: "minimum" }],
  };
}

/**
 * Two wells of different depths, `J = (x² − 1)² + t·x + y²`: with tilt t > 0 the well near x = −1 is
 * deeper than the one near x = +1, and a saddle between them separates the two basins. Gradient descent
 * ends in the well whose basin it starts in — in two dimensions a bad local minimum is easy to find.
 */
export function doubleWell(opts: { tilt?: number } = {}): Surface {
  checkOptions("doubleWell", opts, ["tilt"], "{ tilt: 0.3 }");
  const t = opts.tilt ?? 0.3;
  assertFinite("tilt", t, "doubleWell");
  // ∂J/∂x = 4x³ − 4x + t = 0 has three real roots while |t| < 8/(3√3).
  const limit = 8 / (3 * Math.sqrt(3));
  if (!(Math.abs(t) < limit)) throw new ValueError(`doubleWell: |tilt| must be < 8/(3√3) ≈ ${limit.toFixed(4)} for two wells, got ${t}`);
  // Trigonometric roots of x³ − x + t/4 = 0: x_k = 2/√3 · cos(φ/3 − 2πk/3), cos φ = −(t/4)·(3√3/2).
  const phi = Math.acos(Math.max(-1, Math.min(1, (-t / 4) * (3 * Math.sqrt(3)) / 2)));
  const roots = [0, 1, 2].map((k) => (2 / Math.sqrt(3)) * Math.cos(phi / 3 - (2 * Math.PI * k) / 3)).sort((p, q) => p - q);
  const kind = (x: number): CriticalPoint["kind"] => (12 * x * x - 4 > 0 ? "minimum" : "saddle");
  return {
    name: `doubleWell(tilt=${t})`,
    // The tilt term with its own sign ("- 0.5x", not "+ -0.5x"), and none for t = 0.
    formula: `J = (x^2 - 1)^2${t === 0 ? "" : t < 0 ? ` - ${-t}\\,x` : ` + ${t}\\,x`} + y^2`,
    f: (x, y) => (x * x - 1) * (x * x - 1) + t * x + y * y,
    grad: (x, y) => [4 * x * (x * x - 1) + t, 2 * y],
    hessian: (x) => [[12 * x * x - 4, 0], [0, 2]],
    view: { x: [-2, 2], y: [-1.5, 1.5] },
    criticalPoints: roots.map((x) => ({ point: [x, 0] as [number, number], kind: kind(x) })),
  };
}

/**
 * Rosenbrock's banana valley, `J = (a − x)² + b(y − x²)²`, minimum 0 at (a, a²):
 * `∇J = (−2(a − x) − 4bx(y − x²), 2b(y − x²))`. The valley floor is easy to reach and slow to follow.
 */
export function rosenbrock(opts: { a?: number; b?: number } = {}): Surface {
  checkOptions("rosenbrock", opts, ["a", "b"], "{ a: 1, b: 100 }");
  const a = opts.a ?? 1, b = opts.b ?? 100;
  assertFinite("a", a, "rosenbrock");
  assertPositive("b", b, "rosenbrock");
  return {
    name: `rosenbrock(a=${a}, b=${b})`,
    formula: `J = (${a} - x)^2 + ${b}\\,(y - x^2)^2`,
    f: (x, y) => (a - x) * (a - x) + b * (y - x * x) * (y - x * x),
    grad: (x, y) => [-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)],
    hessian: (x, y) => [[2 - 4 * b * (y - x * x) + 8 * b * x * x, -4 * b * x], [-4 * b * x, 2 * b]],
    view: { x: [-2, 2], y: [-1, 3] },
    criticalPoints: [{ point: [a, a * a], kind: "minimum" }],
  };
}

/**
 * The surface `k·J`: same shape, gradients and Hessian times k (k > 0). Gradient descent's steps scale
 * with k; Adam's and RMSprop's (ε aside) do not.
 */
export function scaled(surface: Surface, k: number): Surface {
  if (!surface || typeof surface.f !== "function" || typeof surface.grad !== "function" || typeof surface.hessian !== "function") {
    throw new ValueError(`scaled: surface must be a surface such as bowl() or saddle(), got ${kindOf(surface)}`);
  }
  assertPositive("k", k, "scaled");
  return {
    name: `${k}·${surface.name}`,
    formula: `${k}\\cdot(${surface.formula.replace(/^J = /, "")})`,
    f: (x, y) => k * surface.f(x, y),
    grad: (x, y) => { const [gx, gy] = surface.grad(x, y); return [k * gx, k * gy]; },
    hessian: (x, y) => { const [[a, b], [c, d]] = surface.hessian(x, y); return [[k * a, k * b], [k * c, k * d]]; },
    view: surface.view,
    criticalPoints: surface.criticalPoints,
  };
}
