// The product kernel in machine code, for x64 processors with AVX-512: eight f64 lanes and a
// fused multiply-add per instruction, four times what WebAssembly's two lanes reach, which is
// how numpy's OpenBLAS runs on these machines (and with AVX2 and FMA, four lanes, on those
// without AVX-512: most laptops). Built by scripts/build.mjs where a C compiler
// and node's headers are found; src/tensor/native.ts loads it and falls back to the WebAssembly
// kernels (src/tensor/wasm/kernels.ts) wherever it is missing, refused or turned off.
//
// It sums every entry of C in the order of the WebAssembly kernel with the fused multiply-add,
// C[i, j] = fma(A[i, k], B[k, j], C[i, j]) for k = 0, 1, …, K−1 from C's start, and each lane
// holds one entry of C, so its results are those kernels' bit for bit (and so which kernel
// runs never changes a number a lesson prints). One thread: numpy's two threads pay off only
// on products far larger than a lesson's.
//
// Layout, in the style of BLIS: for each chunk of KC values of k, B's columns are packed in
// panels of NR (k-major, zero padded), and the micro-kernel keeps an MR x NR tile of C in 16
// registers of 8 lanes (MR2 x NR2 in 12 of 4 lanes with AVX2), broadcasting A's entries straight from the operand (MR rows read side
// by side, MC rows at a time so that they stay in cache). C's edge tiles are read and written
// through lane masks, so C needs no padding.
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MR 8
#define NR 16
#define MR2 6
#define NR2 8
#define KC 256
#define MC 128
#define NC 1024
// Products are at most this in each size and stride, so every index fits an int64 with room.
#define LIMIT 2147483647.0

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_KERNEL 1

/**
 * Tile (mr ≤ MR rows, the columns in masks m0, m1) of C += A's rows · B panel over kc values of k:
 * A's row r read straight from the operand, entry k at a[r·ai + k·ak]; `first`: start from s (per row) or s0.
 */
__attribute__((target("avx512f"))) static void tile(long kc, const double *a, long ai, long ak, const double *bp, double *c, long ldc, long mr,
                                                    __mmask8 m0, __mmask8 m1, int first, const double *s, double s0) {
  // Rows past the edge read row 0 again (their sums are never stored): no padding, no packing of A.
  const double *a0 = a, *a1 = a + (1 < mr ? ai : 0), *a2 = a + (2 < mr ? 2 * ai : 0), *a3 = a + (3 < mr ? 3 * ai : 0);
  const double *a4 = a + (4 < mr ? 4 * ai : 0), *a5 = a + (5 < mr ? 5 * ai : 0), *a6 = a + (6 < mr ? 6 * ai : 0), *a7 = a + (7 < mr ? 7 * ai : 0);
  __m512d c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
  // Named registers, not an array: an array of accumulators is kept in memory by the compiler.
#define INIT(r, x0, x1)                                                                       \
  if (r < mr) {                                                                               \
    if (first) {                                                                              \
      x0 = _mm512_set1_pd(s ? s[r] : s0);                                                     \
      x1 = x0;                                                                                \
    } else {                                                                                  \
      x0 = _mm512_maskz_loadu_pd(m0, c + r * ldc);                                            \
      x1 = _mm512_maskz_loadu_pd(m1, c + r * ldc + 8);                                        \
    }                                                                                         \
  } else {                                                                                    \
    x0 = _mm512_setzero_pd();                                                                 \
    x1 = x0;                                                                                  \
  }
  INIT(0, c00, c01) INIT(1, c10, c11) INIT(2, c20, c21) INIT(3, c30, c31)
  INIT(4, c40, c41) INIT(5, c50, c51) INIT(6, c60, c61) INIT(7, c70, c71)
#define MADD(r, x0, x1)                       \
  {                                           \
    __m512d a = _mm512_set1_pd(a##r[i]);      \
    x0 = _mm512_fmadd_pd(a, b0, x0);          \
    x1 = _mm512_fmadd_pd(a, b1, x1);          \
  }
  for (long k = 0, i = 0; k < kc; k++, i += ak) {
    const __m512d b0 = _mm512_load_pd(bp + k * NR), b1 = _mm512_load_pd(bp + k * NR + 8);
    MADD(0, c00, c01) MADD(1, c10, c11) MADD(2, c20, c21) MADD(3, c30, c31)
    MADD(4, c40, c41) MADD(5, c50, c51) MADD(6, c60, c61) MADD(7, c70, c71)
  }
#define STORE(r, x0, x1)                                    \
  if (r < mr) {                                             \
    _mm512_mask_storeu_pd(c + r * ldc, m0, x0);             \
    _mm512_mask_storeu_pd(c + r * ldc + 8, m1, x1);         \
  }
  STORE(0, c00, c01) STORE(1, c10, c11) STORE(2, c20, c21) STORE(3, c30, c31)
  STORE(4, c40, c41) STORE(5, c50, c51) STORE(6, c60, c61) STORE(7, c70, c71)
}

/**
 * The same for processors with AVX2 and FMA but not AVX-512 (most laptops): a tile of MR2 x NR2 (6 x 8)
 * in 12 registers of 4 lanes, the same terms in the same order, so the same bits.
 */
__attribute__((target("avx2,fma"))) static void tile2(long kc, const double *a, long ai, long ak, const double *bp, double *c, long ldc, long mr, long nr,
                                                      int first, const double *s, double s0) {
  const double *a0 = a, *a1 = a + (1 < mr ? ai : 0), *a2 = a + (2 < mr ? 2 * ai : 0), *a3 = a + (3 < mr ? 3 * ai : 0);
  const double *a4 = a + (4 < mr ? 4 * ai : 0), *a5 = a + (5 < mr ? 5 * ai : 0);
  // Lane l of the first (second) half is C's column l (4 + l): in C where l < nr (nr − 4).
  const __m256i lane = _mm256_setr_epi64x(0, 1, 2, 3);
  const __m256i m0 = _mm256_cmpgt_epi64(_mm256_set1_epi64x(nr), lane), m1 = _mm256_cmpgt_epi64(_mm256_set1_epi64x(nr - 4), lane);
  __m256d c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
#define INIT2(r, x0, x1)                                \
  if (r < mr) {                                         \
    if (first) {                                        \
      x0 = _mm256_set1_pd(s ? s[r] : s0);               \
      x1 = x0;                                          \
    } else {                                            \
      x0 = _mm256_maskload_pd(c + r * ldc, m0);         \
      x1 = _mm256_maskload_pd(c + r * ldc + 4, m1);     \
    }                                                   \
  } else {                                              \
    x0 = _mm256_setzero_pd();                           \
    x1 = x0;                                            \
  }
  INIT2(0, c00, c01) INIT2(1, c10, c11) INIT2(2, c20, c21) INIT2(3, c30, c31) INIT2(4, c40, c41) INIT2(5, c50, c51)
#define MADD2(r, x0, x1)                      \
  {                                           \
    __m256d a = _mm256_broadcast_sd(a##r + i); \
    x0 = _mm256_fmadd_pd(a, b0, x0);          \
    x1 = _mm256_fmadd_pd(a, b1, x1);          \
  }
  for (long k = 0, i = 0; k < kc; k++, i += ak) {
    const __m256d b0 = _mm256_load_pd(bp + k * NR2), b1 = _mm256_load_pd(bp + k * NR2 + 4);
    MADD2(0, c00, c01) MADD2(1, c10, c11) MADD2(2, c20, c21) MADD2(3, c30, c31) MADD2(4, c40, c41) MADD2(5, c50, c51)
  }
#define STORE2(r, x0, x1)                               \
  if (r < mr) {                                         \
    _mm256_maskstore_pd(c + r * ldc, m0, x0);           \
    _mm256_maskstore_pd(c + r * ldc + 4, m1, x1);       \
  }
  STORE2(0, c00, c01) STORE2(1, c10, c11) STORE2(2, c20, c21) STORE2(3, c30, c31) STORE2(4, c40, c41) STORE2(5, c50, c51)
}

/** The first n of 8 lanes (none for n ≤ 0). */
static __mmask8 lanes(long n) { return n >= 8 ? 0xff : n <= 0 ? 0 : (__mmask8)((1u << n) - 1); }

/** B's columns j < nr (≤ w, NR or NR2) over kc values of k into one k-major panel of w, zero padded. */
static void packB(long kc, const double *b, long bk, long bj, long nr, long w, double *p) {
  for (long k = 0; k < kc; k++, p += w, b += bk) {
    long j = 0;
    if (bj == 1) memcpy(p, b, (size_t)nr * sizeof(double)), j = nr;
    for (; j < nr; j++) p[j] = b[j * bj];
    // The padding's lanes are never stored, but left as they were they could hold subnormals,
    // which slow every multiply-add they enter by a microcode assist.
    for (; j < w; j++) p[j] = 0;
  }
}

/** packB for NR = 16 columns in a row (bj = 1), by masked loads: the common case, and a third of a 64³ product's time done the slow way. */
__attribute__((target("avx512f"))) static void packB16(long kc, const double *b, long bk, long nr, double *p) {
  const __mmask8 m0 = lanes(nr), m1 = lanes(nr - 8);
  for (long k = 0; k < kc; k++, p += NR, b += bk) {
    _mm512_store_pd(p, _mm512_maskz_loadu_pd(m0, b));
    _mm512_store_pd(p + 8, _mm512_maskz_loadu_pd(m1, b + 8));
  }
}

/** The widest kernel this processor runs: 2 with AVX-512F, 1 with AVX2 and FMA, else 0; `cap` lowers it (tests run each). */
static int level = -1, cap = 2;
static int kernelLevel(void) {
  if (level < 0) {
    __builtin_cpu_init();
    level = __builtin_cpu_supports("avx512f") ? 2 : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
  }
  return level < cap ? level : cap;
}
#else
#define HAVE_KERNEL 0
static int level = 0, cap = 2;
static int kernelLevel(void) { return 0; }
#endif

#if HAVE_KERNEL
/**
 * C (n x m, row-major) = start + Σ_k A(i, k)·B(k, j), A(i, k) = A[i·ai + k·ak], B(k, j) = B[k·bk + j·bj].
 * `s`: a start per row (or NULL for s0); `fromC`: C's own values are the start. `work`: room for KC·NC values, 64-byte aligned.
 */
static void gemm(long n, long K, long m, const double *A, long ai, long ak, const double *B, long bk, long bj, double *C, const double *s, double s0,
                 int fromC, double *work) {
  const int wide = kernelLevel() == 2;
  const long mrMax = wide ? MR : MR2, w = wide ? NR : NR2;
  double *bp = work;
  for (long j0 = 0; j0 < m; j0 += NC) {
    const long nc = m - j0 < NC ? m - j0 : NC;
    // With K = 0 one pass of no k writes the start.
    for (long k0 = 0; k0 < K || k0 == 0; k0 += KC) {
      const long kc = K - k0 < KC ? K - k0 : KC;
      for (long q = 0; q < nc; q += w) {
        const double *b = B + k0 * bk + (j0 + q) * bj;
        const long nr = nc - q < w ? nc - q : w;
        if (wide && bj == 1) packB16(kc, b, bk, nr, bp + q * kc);
        else packB(kc, b, bk, bj, nr, w, bp + q * kc);
      }
      for (long i0 = 0; i0 < n; i0 += MC) {
        const long mc = n - i0 < MC ? n - i0 : MC;
        for (long q = 0; q < nc; q += w) {
          const long nr = nc - q < w ? nc - q : w;
          for (long r0 = 0; r0 < mc; r0 += mrMax) {
            const long mr = mc - r0 < mrMax ? mc - r0 : mrMax;
            const double *a = A + (i0 + r0) * ai + k0 * ak, *sr = s ? s + i0 + r0 : NULL;
            double *c = C + (i0 + r0) * m + j0 + q;
            const int first = k0 == 0 && !fromC;
            if (wide) tile(kc, a, ai, ak, bp + q * kc, c, m, mr, lanes(nr), lanes(nr - 8), first, sr, s0);
            else tile2(kc, a, ai, ak, bp + q * kc, c, m, mr, nr, first, sr, s0);
          }
        }
      }
      if (K == 0) break;
    }
  }
}

/**
 * C (n x k) = inv · A·Bᵀ for row-major A (n x m) and B (k x m), summed as the backward pass's loop
 * and the WebAssembly nt4 sum: s_r = Σ_{j ≡ r mod 4} A[i, j]·B[t, j] (j < m − m mod 4, in order,
 * from +0), the remaining j added to s0 in order, then ((s0 + s1) + s2 + s3)·inv. 0 when out of memory.
 */
static int nt4(long n, long k, long m, const double *A, const double *B, double *C, double inv, double *work) {
  const long m4 = m - m % 4, q = m4 / 4, size = n * k;
  double *S = calloc((size_t)(4 * size), sizeof(double)); // +0: the sums' start, and all of them when q = 0
  if (!S) return 0;
  // s_r: depth index e stands for column j = 4e + r of both A and B (Bᵀ read along its rows).
  if (q > 0)
    for (long r = 0; r < 4; r++) gemm(n, q, k, A + r, m, 4, B + r, 4, m, S + r * size, NULL, 0.0, 0, work);
  if (m > m4) gemm(n, m - m4, k, A + m4, m, 1, B + m4, 1, m, S, NULL, 0.0, 1, work);
  for (long i = 0; i < size; i++) C[i] = (S[i] + S[size + i] + S[2 * size + i] + S[3 * size + i]) * inv;
  free(S);
  return 1;
}

/** C = gate > 0 ? C : +0, as the WebAssembly kernels' mask (relu′ in the backward pass); NaN in the gate gates. Eight at a time. */
__attribute__((target("avx512f"))) static void gate8(double *c, const double *g, long count) {
  for (long i = 0; i < count; i += 8) {
    const __mmask8 keep = _mm512_cmp_pd_mask(_mm512_loadu_pd(g + i), _mm512_setzero_pd(), _CMP_GT_OQ);
    _mm512_storeu_pd(c + i, _mm512_maskz_mov_pd(keep, _mm512_loadu_pd(c + i)));
  }
}

/** r = C > 0 ? C : +0 (relu of the result beside it; NaN gives 0, as `z > 0 ? z : 0`). Eight at a time. */
__attribute__((target("avx512f"))) static void relu8(const double *c, double *r, long count) {
  for (long i = 0; i < count; i += 8) {
    const __m512d z = _mm512_loadu_pd(c + i);
    _mm512_storeu_pd(r + i, _mm512_maskz_mov_pd(_mm512_cmp_pd_mask(z, _mm512_setzero_pd(), _CMP_GT_OQ), z));
  }
}

// The passes' scalar parts live outside the AVX-512 functions: a compiler may vectorize a loop with the
// instructions its function is allowed, and these run on AVX2 processors too.
static void gatePass(double *c, const double *g, long count) {
  const long v = kernelLevel() == 2 ? count - count % 8 : 0;
  if (v) gate8(c, g, v);
  for (long i = v; i < count; i++) c[i] = g[i] > 0 ? c[i] : 0;
}

static void reluPass(const double *c, double *r, long count) {
  const long v = kernelLevel() == 2 ? count - count % 8 : 0;
  if (v) relu8(c, r, v);
  for (long i = v; i < count; i++) r[i] = c[i] > 0 ? c[i] : 0;
}
#endif

// ---- node's side: arguments checked as if the caller were hostile (graded code can reach any module) ----

typedef struct {
  double *p;
  size_t len; // in f64 entries
} F64;

static napi_value fail(napi_env env, const char *msg) {
  napi_throw_range_error(env, NULL, msg);
  return NULL;
}

/** Argument i as a Float64Array (or, when `optional`, undefined: p = NULL). 0 on success. */
static int f64Arg(napi_env env, napi_value v, int optional, F64 *out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return 1;
  if (optional && t == napi_undefined) {
    out->p = NULL, out->len = 0;
    return 0;
  }
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 1;
  napi_typedarray_type type;
  size_t length, offset;
  void *data;
  napi_value buffer;
  if (napi_get_typedarray_info(env, v, &type, &length, &data, &buffer, &offset) != napi_ok || type != napi_float64_array) return 1;
  out->p = (double *)data, out->len = length;
  return 0;
}

/** A whole number in [0, LIMIT]. 0 on success. */
static int sizeArg(napi_env env, napi_value v, long *out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || !(d >= 0 && d <= LIMIT) || d != (double)(long)d) return 1;
  *out = (long)d;
  return 0;
}

static int overlap(F64 a, F64 b) {
  if (!a.p || !b.p || !a.len || !b.len) return 0;
  return (uintptr_t)a.p < (uintptr_t)(b.p + b.len) && (uintptr_t)b.p < (uintptr_t)(a.p + a.len);
}

/** The packed panels' room, one per thread (2 MiB, kept for the thread's life). */
static double *workspace(void) {
  static _Thread_local double *work = NULL;
  if (!work) work = aligned_alloc(64, sizeof(double) * (size_t)KC * NC);
  return work;
}

/**
 * gemm(n, K, m, A, ai, ak, B, bk, bj, C, start, relu, gate) → true when C (and relu) were
 * written, false when declined (an output shares memory with another array: the WebAssembly
 * path copies its inputs first, so it serves those). Throws a RangeError on arguments out of
 * range, which descent's own callers never pass.
 */
static napi_value Gemm(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value argv[13];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 11) return fail(env, "native gemm: expected 13 arguments");
  for (size_t i = argc; i < 13; i++) napi_get_undefined(env, &argv[i]);
  long n, K, m, ai, ak, bk, bj;
  if (sizeArg(env, argv[0], &n) || sizeArg(env, argv[1], &K) || sizeArg(env, argv[2], &m)) return fail(env, "native gemm: n, K and m must be whole numbers in [0, 2^31)");
  if (sizeArg(env, argv[4], &ai) || sizeArg(env, argv[5], &ak) || sizeArg(env, argv[7], &bk) || sizeArg(env, argv[8], &bj))
    return fail(env, "native gemm: strides must be whole numbers in [0, 2^31)");
  F64 A, B, C, S = {NULL, 0}, R, G;
  if (f64Arg(env, argv[3], 0, &A) || f64Arg(env, argv[6], 0, &B) || f64Arg(env, argv[9], 0, &C)) return fail(env, "native gemm: A, B and C must be Float64Arrays");
  if (f64Arg(env, argv[11], 1, &R) || f64Arg(env, argv[12], 1, &G)) return fail(env, "native gemm: relu and gate must be Float64Arrays or undefined");
  double s0 = 0;
  napi_valuetype st;
  napi_typeof(env, argv[10], &st);
  if (st == napi_number) napi_get_value_double(env, argv[10], &s0);
  else if (f64Arg(env, argv[10], 0, &S)) return fail(env, "native gemm: start must be a number or a Float64Array");
  // Every index the kernel reads or writes, checked against the arrays' lengths (int64: each term < 2^62).
  const int64_t nm = (int64_t)n * m;
  if (n > 0 && K > 0 && (int64_t)(n - 1) * ai + (int64_t)(K - 1) * ak >= (int64_t)A.len) return fail(env, "native gemm: A is too short for n, K and its strides");
  if (K > 0 && m > 0 && (int64_t)(K - 1) * bk + (int64_t)(m - 1) * bj >= (int64_t)B.len) return fail(env, "native gemm: B is too short for K, m and its strides");
  if (nm > (int64_t)C.len) return fail(env, "native gemm: C is shorter than n·m");
  if (S.p && (int64_t)S.len < n) return fail(env, "native gemm: start has fewer than n rows");
  if ((R.p && nm > (int64_t)R.len) || (G.p && nm > (int64_t)G.len)) return fail(env, "native gemm: relu or gate is shorter than n·m");
  napi_value result;
  const F64 Cw = {C.p, (size_t)nm}, Rw = {R.p, R.p ? (size_t)nm : 0};
  if (overlap(Cw, A) || overlap(Cw, B) || overlap(Cw, S) || overlap(Cw, G) || overlap(Cw, Rw) || overlap(Rw, A) || overlap(Rw, B) || overlap(Rw, S) ||
      overlap(Rw, G) || kernelLevel() == 0) {
    napi_get_boolean(env, false, &result);
    return result;
  }
#if HAVE_KERNEL
  if (n > 0 && m > 0) {
    double *work = workspace();
    if (!work) return fail(env, "native gemm: out of memory for the packed panels");
    gemm(n, K, m, A.p, ai, ak, B.p, bk, bj, C.p, S.p, s0, 0, work);
    if (G.p) gatePass(C.p, G.p, nm);
    if (R.p) reluPass(C.p, R.p, nm);
  }
#endif
  napi_get_boolean(env, true, &result);
  return result;
}

/**
 * nt4(n, k, m, A, B, C, inv) → true when C = inv · A·Bᵀ (n x k, four partial sums, as nt4() above) was
 * written, false when declined (C shares memory with A or B). RangeError on arguments out of range.
 */
static napi_value Nt4(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 7) return fail(env, "native nt4: expected 7 arguments");
  long n, k, m;
  if (sizeArg(env, argv[0], &n) || sizeArg(env, argv[1], &k) || sizeArg(env, argv[2], &m)) return fail(env, "native nt4: n, k and m must be whole numbers in [0, 2^31)");
  F64 A, B, C;
  if (f64Arg(env, argv[3], 0, &A) || f64Arg(env, argv[4], 0, &B) || f64Arg(env, argv[5], 0, &C)) return fail(env, "native nt4: A, B and C must be Float64Arrays");
  double inv;
  if (napi_get_value_double(env, argv[6], &inv) != napi_ok) return fail(env, "native nt4: inv must be a number");
  if ((int64_t)n * m > (int64_t)A.len || (int64_t)k * m > (int64_t)B.len) return fail(env, "native nt4: A or B is shorter than its rows times m");
  if ((int64_t)n * k > (int64_t)C.len) return fail(env, "native nt4: C is shorter than n·k");
  napi_value result;
  const F64 Cw = {C.p, (size_t)((int64_t)n * k)};
  int ran = !overlap(Cw, A) && !overlap(Cw, B) && kernelLevel() > 0;
#if HAVE_KERNEL
  if (ran && n > 0 && k > 0) {
    double *work = workspace();
    if (!work || !nt4(n, k, m, A.p, B.p, C.p, inv, work)) return fail(env, "native nt4: out of memory for the partial sums");
  }
#endif
  napi_get_boolean(env, ran, &result);
  return result;
}

/** level(cap) → the kernel now in use (2: AVX-512, 1: AVX2, 0: none) after capping it at `cap` (tests and benchmarks run each). */
static napi_value Level(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  double c;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || napi_get_value_double(env, argv[0], &c) != napi_ok || !(c == 0 || c == 1 || c == 2))
    return fail(env, "native level: cap must be 0, 1 or 2");
  cap = (int)c;
  napi_create_int32(env, kernelLevel(), &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value f, runs;
  napi_create_function(env, "gemm", NAPI_AUTO_LENGTH, Gemm, NULL, &f);
  napi_set_named_property(env, exports, "gemm", f);
  napi_create_function(env, "nt4", NAPI_AUTO_LENGTH, Nt4, NULL, &f);
  napi_set_named_property(env, exports, "nt4", f);
  napi_create_function(env, "level", NAPI_AUTO_LENGTH, Level, NULL, &f);
  napi_set_named_property(env, exports, "level", f);
  napi_get_boolean(env, kernelLevel() > 0, &runs);
  napi_set_named_property(env, exports, "runs", runs);
  return exports;
}
