/** In-place radix-2 fast Fourier transform, used to compute the autocorrelation function in O(n log n). */

/**
 * Transforms (re, im) in place; the length must be a power of two. Iterative Cooley & Tukey (1965)
 * decimation in time: bit-reversal permutation, then butterflies of doubling size. `inverse`
 * uses the conjugate twiddles and divides by the length.
 */
export function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i] as number;
      re[i] = re[j] as number;
      re[j] = tr;
      const ti = im[i] as number;
      im[i] = im[j] as number;
      im[j] = ti;
    }
  }
  // Twiddle factors e^{∓2πik/n} for k < n/2, shared by every stage (stage `size` uses every (n/size)-th).
  const half0 = n >> 1;
  const cos = new Float64Array(half0);
  const sin = new Float64Array(half0);
  const sign = inverse ? 1 : -1;
  for (let k = 0; k < half0; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = sign * Math.sin((2 * Math.PI * k) / n);
  }
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step] as number;
        const wi = sin[k * step] as number;
        const a = start + k;
        const b = a + half;
        const br = re[b] as number;
        const bi = im[b] as number;
        const xr = br * wr - bi * wi;
        const xi = br * wi + bi * wr;
        const ar = re[a] as number;
        const ai = im[a] as number;
        re[a] = ar + xr;
        im[a] = ai + xi;
        re[b] = ar - xr;
        im[b] = ai - xi;
      }
    }
  }
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i] = (re[i] as number) / n;
      im[i] = (im[i] as number) / n;
    }
  }
}

/**
 * Sample autocorrelation r_k = Σ_{t<n−k} x_t·x_{t+k} / Σ x_t² of already centred values for lags
 * 0..maxLag (the usual biased estimator, as in Box & Jenkins), via the Wiener–Khinchin theorem:
 * the inverse FFT of |FFT(x)|² with zero padding to at least 2n so the correlation is not circular.
 * All zeros when the values are all zero.
 */
export function autocorrelation(centred: Float64Array, maxLag: number): Float64Array {
  const n = centred.length;
  let size = 1;
  while (size < 2 * n) size *= 2;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re.set(centred);
  fft(re, im, false);
  for (let i = 0; i < size; i++) {
    re[i] = (re[i] as number) ** 2 + (im[i] as number) ** 2;
    im[i] = 0;
  }
  fft(re, im, true);
  const out = new Float64Array(maxLag + 1);
  const c0 = re[0] as number;
  if (c0 <= 0) return out;
  for (let k = 0; k <= maxLag; k++) out[k] = (re[k] as number) / c0;
  return out;
}
