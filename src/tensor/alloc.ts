// Zeroed Float64Array allocation. V8 gives typed arrays above 64 bytes their
// own off-heap backing store, which costs about a microsecond each; the
// lessons create hundreds of thousands of small matrices (activations of a
// 64-example mini-batch), so small ones are carved out of shared 64 KiB slabs
// instead (about twice as fast). A slab is freed once no view of it is left.
const SLAB_BYTES = 1 << 16;
const SMALL = 512; // values (4 KiB); larger arrays get their own buffer
let slab = new ArrayBuffer(SLAB_BYTES);
let offset = 0;

/** A new zero-filled Float64Array of length n. */
export function allocF64(n: number): Float64Array {
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
