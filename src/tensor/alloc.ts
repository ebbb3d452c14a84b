// Zeroed Float64Array allocation. V8 gives typed arrays above 64 bytes their
// own off-heap backing store, which costs about a microsecond each; the
// lessons create hundreds of thousands of small matrices (activations of a
// 64-example mini-batch), so small ones are carved out of shared 64 KiB slabs
// instead (about twice as fast). A slab is freed once no view of it is left.
import { fmtShape, ValueError } from "../errors";
import { getThreads } from "./parallel";

const SLAB_BYTES = 1 << 16;
const SMALL = 512; // values (4 KiB); larger arrays get their own buffer
// Arrays of at least SHARED values (256 KiB; src/parallel.ts's MIN_PARALLEL)
// live on a SharedArrayBuffer, so that large loops (an optimizer step) can be
// split across worker threads. They behave as ordinary Float64Arrays; only
// `.buffer` is a SharedArrayBuffer. The cost: a fresh SharedArrayBuffer is
// freshly mapped memory, so first touching 1e6 values costs ~3.2 ms against
// ~1.3 ms for an ArrayBuffer (measured), which is why small arrays stay plain,
// and why nothing is shared when only one thread is in use (one core, or
// setThreads(1) before the arrays are made).
export const SHARED = 1 << 15;
const hasShared = typeof SharedArrayBuffer === "function";
let slab = new ArrayBuffer(SLAB_BYTES);
let offset = 0;

/**
 * A new zero-filled Float64Array of length n. `shareable` false keeps a large one off the
 * SharedArrayBuffer: for results that are written at once by a bulk copy (a product's C), since
 * V8 copies into shared memory with relaxed atomics (~2x slower: 1.7–2.1x for 32–512 KiB, measured 4 Dec)
 * and maps it fresh every time.
 */
export function allocF64(n: number, shareable = true): Float64Array {
  if (shareable && n >= SHARED && hasShared && getThreads() > 1) return new Float64Array(new SharedArrayBuffer(n * 8));
  if (n > SMALL || n === 0) return new Float64Array(n);
  const bytes = n * 8;
  if (offset + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    offset = 0;
  }
  const a = new Float64Array(slab, offset, n);
  offset += bytes;
  return a;
}

// V8's limit on one typed array's length (64-bit builds): a longer Float64Array cannot be made
// whatever the memory, so such a shape is refused before trying.
const MAX_ENTRIES = 2 ** 32;

/** Zeroed storage for a rows x cols matrix (see allocF64 for `shareable`); a shape too large to allocate is refused in the name of `where`. */
export function allocEntries(rows: number, cols: number, where: string, shareable = true): Float64Array {
  const n = rows * cols;
  if (n > MAX_ENTRIES) throw tooLarge(where, rows, cols, `one array holds at most 2^32 = ${grouped(MAX_ENTRIES)} entries`);
  try {
    return allocF64(n, shareable);
  } catch (e) {
    // Below V8's limit the allocation can still fail, for want of memory ("Array buffer allocation failed").
    if (e instanceof RangeError) throw tooLarge(where, rows, cols, "not enough memory");
    throw e;
  }
}

function tooLarge(where: string, rows: number, cols: number, why: string): ValueError {
  const n = rows * cols, bytes = 8 * n;
  const size = bytes >= 2 ** 30 ? `${Number((bytes / 2 ** 30).toPrecision(3))} GiB` : `${Number((bytes / 2 ** 20).toPrecision(3))} MiB`;
  return new ValueError(`${where}: a matrix of shape ${fmtShape(rows, cols)} has ${grouped(n)} entries (${size} of float64), more than can be allocated (${why})`);
}

/** 10000000000 as "10,000,000,000", whatever the locale. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
}
