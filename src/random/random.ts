// A seeded generator that reproduces numpy's legacy `RandomState` streams
// exactly: MT19937 seeded with init_genrand, 53-bit doubles, the polar
// Box–Muller gaussian with its cached second value, and masked rejection for
// bounded integers. Same seed, same calls, same numbers as
// `np.random.seed(s); np.random.randn(...)`. Generators are explicit objects.
// A bad shape is refused by the Matrix constructor, under the name of the call that made it.
import { assertFinite, assertInt, ShapeError, ValueError } from "../errors";
import { Matrix } from "../tensor/matrix";

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

/** Serializable generator state: the MT19937 key, position and cached gaussian. */
export interface RandomStateJSON {
  key: number[];
  pos: number;
  hasGauss: boolean;
  gauss: number;
}

/** numpy's legacy RandomState (MT19937). */
export class RandomState {
  private readonly mt = new Uint32Array(N);
  private mti = N + 1;
  private hasGauss = false;
  private gaussNext = 0;

  /** A generator seeded with `seed` (an integer in [0, 2^32 − 1]), like `np.random.RandomState(seed)`. */
  constructor(seed: number) {
    this.seed(seed);
  }

  /** Re-seed, like `np.random.seed(seed)`: init_genrand(seed) and forget any cached gaussian. */
  seed(seed: number): this {
    assertInt("seed", seed, 0, 0xffffffff, "seed");
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      // 1812433253 * prev + i, modulo 2^32, without losing bits to float precision.
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = N;
    this.hasGauss = false;
    this.gaussNext = 0;
    return this;
  }

  private twist(): void {
    const mt = this.mt;
    let kk = 0, y = 0;
    for (; kk < N - M; kk++) {
      y = (mt[kk]! & UPPER) | (mt[kk + 1]! & LOWER);
      mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk]! & UPPER) | (mt[kk + 1]! & LOWER);
      mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1]! & UPPER) | (mt[0]! & LOWER);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.mti = 0;
  }

  /** The next raw 32-bit output (genrand_int32). */
  nextUint32(): number {
    if (this.mti >= N) this.twist();
    let y = this.mt[this.mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits (genrand_res53), numpy's `random_sample`. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5, b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** One standard normal value: numpy's legacy polar method, which yields two and caches one. */
  nextGaussian(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gaussNext;
    }
    let x1 = 0, x2 = 0, r2 = 0;
    do {
      x1 = 2.0 * this.nextDouble() - 1.0;
      x2 = 2.0 * this.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * Math.log(r2)) / r2);
    this.gaussNext = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** Uniform [0, 1): a number with no arguments, else a rows x cols matrix in C order, like `np.random.rand(rows, cols)`. */
  rand(): number;
  rand(rows: number, cols: number): Matrix;
  rand(rows?: number, cols?: number): number | Matrix {
    if (rows === undefined && cols === undefined) return this.nextDouble();
    if (cols === undefined) throw new ValueError("rand: give both rows and cols (matrices are 2-D), or neither for one number");
    const m = new Matrix(rows!, cols, undefined, "rand");
    const d = m.data;
    for (let k = 0; k < d.length; k++) d[k] = this.nextDouble();
    return m;
  }

  /** Standard normal: a number, or a rows x cols matrix, like `np.random.randn(rows, cols)`. */
  randn(): number;
  randn(rows: number, cols: number): Matrix;
  randn(rows?: number, cols?: number): number | Matrix {
    if (rows === undefined && cols === undefined) return this.nextGaussian();
    if (cols === undefined) throw new ValueError("randn: give both rows and cols (matrices are 2-D), or neither for one number");
    const m = new Matrix(rows!, cols, undefined, "randn");
    const d = m.data;
    for (let k = 0; k < d.length; k++) d[k] = this.nextGaussian();
    return m;
  }

  /** `loc + scale · N(0, 1)` as a rows x cols matrix, like `np.random.normal(loc, scale, (rows, cols))`. */
  normal(loc: number, scale: number, rows: number, cols: number): Matrix {
    assertFinite("loc", loc, "normal");
    assertFinite("scale", scale, "normal");
    if (scale < 0) throw new ValueError(`normal: scale must be >= 0, got ${scale}`);
    const m = new Matrix(rows, cols, undefined, "normal");
    for (let k = 0; k < m.data.length; k++) m.data[k] = loc + scale * this.nextGaussian();
    return m;
  }

  /** `low + (high − low) · U[0, 1)` as a rows x cols matrix, like `np.random.uniform(low, high, (rows, cols))`. */
  uniform(low: number, high: number, rows: number, cols: number): Matrix {
    assertFinite("low", low, "uniform");
    assertFinite("high", high, "uniform");
    const m = new Matrix(rows, cols, undefined, "uniform");
    const span = high - low;
    for (let k = 0; k < m.data.length; k++) m.data[k] = low + span * this.nextDouble();
    return m;
  }

  /** A uniform integer in [0, max] by masked rejection (numpy's legacy `random_interval`). */
  private interval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      let mask = max;
      mask |= mask >>> 1; mask |= mask >>> 2; mask |= mask >>> 4; mask |= mask >>> 8; mask |= mask >>> 16;
      mask >>>= 0;
      let v: number;
      while ((v = (this.nextUint32() & mask) >>> 0) > max);
      return v;
    }
    // Ranges beyond 32 bits take 64-bit draws (hi word first), as numpy does.
    const big = BigInt(max);
    let mask = big;
    for (let s = 1n; s <= 32n; s <<= 1n) mask |= mask >> s;
    let v: bigint;
    do {
      const hi = BigInt(this.nextUint32()), lo = BigInt(this.nextUint32());
      v = ((hi << 32n) | lo) & mask;
    } while (v > big);
    return Number(v);
  }

  /**
   * Integers uniform on [low, high), like `np.random.randint(low, high, size)`;
   * with one bound, [0, low). Returns a number, or a rows x cols matrix.
   */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, rows: number, cols: number): Matrix;
  randint(low: number, high?: number, rows?: number, cols?: number): number | Matrix {
    if (high === undefined) [low, high] = [0, low];
    assertInt("low", low, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "randint");
    assertInt("high", high, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "randint");
    if (high <= low) throw new ValueError(`randint: low must be < high, got low=${low}, high=${high}`);
    const rng = high - 1 - low;
    if (rows === undefined && cols === undefined) return low + this.draw(rng);
    const m = new Matrix(rows!, cols!, undefined, "randint");
    for (let k = 0; k < m.data.length; k++) m.data[k] = low + this.draw(rng);
    return m;
  }

  // numpy's bounded integers: the full 32-bit range takes raw outputs, others are masked.
  private draw(rng: number): number {
    if (rng === 0xffffffff) return this.nextUint32();
    return this.interval(rng);
  }

  /** Shuffle an array in place (Fisher–Yates from the end, numpy's legacy order). */
  shuffle<T>(arr: { length: number; [i: number]: T }): void {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = arr[i]!;
      arr[i] = arr[j]!;
      arr[j] = t;
    }
  }

  /** Shuffle the columns (examples) of a matrix in place, like `np.random.shuffle(X.T)` would. */
  shuffleCols(m: Matrix): void {
    const p = this.permutation(m.cols);
    const src = m.data.slice();
    for (let i = 0; i < m.rows; i++) for (let t = 0; t < m.cols; t++) m.data[i * m.cols + t] = src[i * m.cols + p[t]!]!;
  }

  /** A random permutation of 0 … n−1 (or of the given values), like `np.random.permutation(n)`. */
  permutation(n: number): number[];
  permutation<T>(values: readonly T[]): T[];
  permutation<T>(x: number | readonly T[]): (number | T)[] {
    let arr: (number | T)[];
    if (typeof x === "number") {
      assertInt("n", x, 0, 2 ** 32, "permutation");
      arr = Array.from({ length: x }, (_, k) => k);
    } else if (Array.isArray(x)) arr = x.slice();
    else throw new ValueError(`permutation: expected a count or an array, got ${typeof x}`);
    this.shuffle(arr);
    return arr;
  }

  /** `size` samples from `values` (or 0 … n−1), with or without replacement. */
  choice(n: number, size: number, replace = true): number[] {
    assertInt("n", n, 1, Number.MAX_SAFE_INTEGER, "choice");
    assertInt("size", size, 0, Number.MAX_SAFE_INTEGER, "choice");
    if (!replace) {
      if (size > n) throw new ValueError(`choice: cannot take size=${size} samples without replacement from n=${n}`);
      return this.permutation(n).slice(0, size);
    }
    const out: number[] = [];
    for (let k = 0; k < size; k++) out.push(this.draw(n - 1));
    return out;
  }

  /** The full state, for saving with JSON.stringify. */
  getState(): RandomStateJSON {
    return { key: Array.from(this.mt), pos: this.mti, hasGauss: this.hasGauss, gauss: this.gaussNext };
  }

  /** Restore a state from `getState()`. */
  setState(s: RandomStateJSON): this {
    if (!s || !Array.isArray(s.key) || s.key.length !== N) {
      throw new ShapeError(`setState: key must be an array of ${N} integers, got ${s && Array.isArray(s.key) ? s.key.length : typeof s?.key}`);
    }
    assertInt("pos", s.pos, 0, N, "setState");
    this.mt.set(s.key.map((v) => v >>> 0));
    this.mti = s.pos;
    this.hasGauss = !!s.hasGauss;
    this.gaussNext = s.gauss ?? 0;
    return this;
  }

  toJSON(): RandomStateJSON {
    return this.getState();
  }
}

/** A new generator seeded like `np.random.seed(s)`: `const rng = seed(3); rng.randn(2, 3)`. */
export function seed(s: number): RandomState {
  return new RandomState(s);
}


