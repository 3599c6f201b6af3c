/**
 * The nearest-pattern search's inner loops as a WebAssembly SIMD kernel: two lags per
 * instruction, the same additions in the same order as nearest-pattern.ts, so the same answers
 * to the bit.
 *
 * Why WebAssembly, when the rest of the detector is TypeScript: each (step, lag) pair costs a
 * subtraction, a multiplication, five additions and a comparison, all in a fixed order (that
 * order is what makes chunked scoring reproducible), and a core retires about two such
 * floating-point operations per cycle, so scalar code, however tuned, stays at about four cycles
 * per pair: with 378 lags that was half the detector's time per point. JavaScript has no SIMD;
 * WebAssembly's f64x2 does each operation for two lags at once, and ran the search about twice as
 * fast. The module is a few hundred bytes, assembled here at load (no build step, no binary file);
 * where WebAssembly SIMD is missing, the TypeScript loops are used.
 */

import {
  BLOCK,
  BR_IF,
  EMPTY,
  END,
  F64_CONVERT_I32_S,
  F64X2_ADD,
  F64X2_LE,
  F64X2_MUL,
  F64X2_REPLACE_LANE,
  F64X2_SPLAT,
  F64X2_SUB,
  get,
  I32,
  I32_ADD,
  I32_EQZ,
  I32_LT_U,
  I32_SHL,
  I32_SUB,
  IF,
  i32,
  instantiate,
  LOOP,
  mem,
  moduleBytes,
  set,
  simd,
  V128,
  V128_ANY_TRUE,
  V128_BITSELECT,
  V128_LOAD,
  V128_LOAD64_SPLAT,
  V128_STORE,
} from '../wasm-assembly';

/** Values per compared window (nearest-pattern.ts's WINDOW). */
const W = 12;

// Locals: the parameters, then i32 scratch, then v128 registers.
const P_BASE = 0; // byte address of value 0
const P_FROM = 1; // first step (value index)
const P_TO = 2; // end step (exclusive)
const P_LAG_FROM = 3; // first lag of the first pair
const P_LAG_TO = 4; // end lag (exclusive; pairs are lag, lag + 1)
const P_BEST = 5; // byte address of the pair of best sums of step P_FROM (16 bytes per step)
const P_LAGS = 6; // byte address of the pair of best lags of step P_FROM
const PARAMS = 7;
const L_LAG = 7;
const L_X = 8; // address of value t
const L_X_END = 9;
const L_SHIFT = 10; // 8 * (lag + 1): from value t to value t − lag − 1
const L_B = 11; // address of step t's best pair
const L_L = 12;
const I32_LOCALS = 6;
const V_FIRST = PARAMS + I32_LOCALS;
const [S1, S2, S3, B1, B2, B3, B4, B5, B6, B7, B8, Q, N, U, OLD, MASK, LAGV] = Array.from(
  { length: 17 },
  (_, i) => V_FIRST + i,
) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
/** Squares of the W − 1 steps before the first, oldest first. */
const E = Array.from({ length: W - 1 }, (_, k) => V_FIRST + 17 + k);
const V128_LOCALS = 17 + W - 1;

const add = (a: number[], b: number[]) => [...a, ...b, ...simd(F64X2_ADD)];

/** The squared differences of step `at` (an i32 address expression of value t) for the lag pair: [lag + 1, lag]. */
const square = (at: number[]) => [
  ...at,
  ...simd(V128_LOAD64_SPLAT, ...mem(3)),
  ...at,
  ...get(L_SHIFT),
  I32_SUB,
  ...simd(V128_LOAD, ...mem(3)),
  ...simd(F64X2_SUB),
  ...set(Q),
  ...get(Q),
  ...get(Q),
  ...simd(F64X2_MUL),
];

/** Sum of four v128 locals, newest first, as ((a + b) + c) + d. */
const block4 = (a: number[], b: number[], c: number[], d: number[]) => add(add(add(a, b), c), d);

const body: number[] = [
  // for (lag = lagFrom; lag < lagTo; lag += 2)
  ...get(P_LAG_FROM),
  ...set(L_LAG),
  BLOCK,
  EMPTY,
  LOOP,
  EMPTY,
  ...get(L_LAG),
  ...get(P_LAG_TO),
  I32_LT_U,
  I32_EQZ, // exit when lag >= lagTo
  BR_IF,
  1,
  // shift = 8 * (lag + 1); lagv = [lag + 1, lag]
  ...get(L_LAG),
  ...i32(1),
  I32_ADD,
  ...i32(3),
  I32_SHL,
  ...set(L_SHIFT),
  ...get(L_LAG),
  ...i32(1),
  I32_ADD,
  F64_CONVERT_I32_S,
  ...simd(F64X2_SPLAT),
  ...get(L_LAG),
  F64_CONVERT_I32_S,
  ...simd(F64X2_REPLACE_LANE, 1),
  ...set(LAGV),
  // x = base + 8 * from
  ...get(P_BASE),
  ...get(P_FROM),
  ...i32(3),
  I32_SHL,
  I32_ADD,
  ...set(L_X),
  // The squares of the W − 1 steps before `from`, oldest first.
  ...E.flatMap((e, k) => [...square([...get(L_X), ...i32(8 * (k - (W - 1))), I32_ADD]), ...set(e)]),
  // s1..s3 newest squares; b1..b8 blocks of four ending 1..8 steps back.
  ...get(E[10] as number),
  ...set(S1),
  ...get(E[9] as number),
  ...set(S2),
  ...get(E[8] as number),
  ...set(S3),
  ...[B1, B2, B3, B4, B5, B6, B7, B8].flatMap((b, i) => [
    ...block4(
      get(E[10 - i] as number),
      get(E[9 - i] as number),
      get(E[8 - i] as number),
      get(E[7 - i] as number),
    ),
    ...set(b),
  ]),
  // xEnd = base + 8 * to; b = best; l = lags
  ...get(P_BASE),
  ...get(P_TO),
  ...i32(3),
  I32_SHL,
  I32_ADD,
  ...set(L_X_END),
  ...get(P_BEST),
  ...set(L_B),
  ...get(P_LAGS),
  ...set(L_L),
  // for (; x < xEnd; x += 8, b += 16, l += 16)
  BLOCK,
  EMPTY,
  LOOP,
  EMPTY,
  ...get(L_X),
  ...get(L_X_END),
  I32_LT_U,
  I32_EQZ,
  BR_IF,
  1,
  ...square(get(L_X)),
  ...set(Q),
  // n = ((q + s1) + s2) + s3: the block ending at this step; u = (n + b4) + b8: the window.
  ...block4(get(Q), get(S1), get(S2), get(S3)),
  ...set(N),
  ...add(add(get(N), get(B4)), get(B8)),
  ...set(U),
  ...get(S2),
  ...set(S3),
  ...get(S1),
  ...set(S2),
  ...get(Q),
  ...set(S1),
  ...[B8, B7, B6, B5, B4, B3, B2].flatMap((b, i) => [
    ...get([B7, B6, B5, B4, B3, B2, B1][i] as number),
    ...set(b),
  ]),
  ...get(N),
  ...set(B1),
  // if (any lane of u <= best) { best = u there; lags = lag there }: the later lag wins a tie.
  ...get(L_B),
  ...simd(V128_LOAD, ...mem(3)),
  ...set(OLD),
  ...get(U),
  ...get(OLD),
  ...simd(F64X2_LE),
  ...set(MASK),
  ...get(MASK),
  ...simd(V128_ANY_TRUE),
  IF,
  EMPTY,
  ...get(L_B),
  ...get(U),
  ...get(OLD),
  ...get(MASK),
  ...simd(V128_BITSELECT),
  ...simd(V128_STORE, ...mem(3)),
  ...get(L_L),
  ...get(LAGV),
  ...get(L_L),
  ...simd(V128_LOAD, ...mem(3)),
  ...get(MASK),
  ...simd(V128_BITSELECT),
  ...simd(V128_STORE, ...mem(3)),
  END,
  ...get(L_X),
  ...i32(8),
  I32_ADD,
  ...set(L_X),
  ...get(L_B),
  ...i32(16),
  I32_ADD,
  ...set(L_B),
  ...get(L_L),
  ...i32(16),
  I32_ADD,
  ...set(L_L),
  0x0c, // br 0: next step
  0,
  END,
  END,
  ...get(L_LAG),
  ...i32(2),
  I32_ADD,
  ...set(L_LAG),
  0x0c, // br 0: next lag pair
  0,
  END,
  END,
  END, // function
];

/** Pages (64 KiB) the module starts with; grown on demand. */
const INITIAL_PAGES = 2;

const kernelBytes = moduleBytes(
  'tile',
  Array<number>(PARAMS).fill(I32),
  [
    [I32_LOCALS, I32],
    [V128_LOCALS, V128],
  ],
  body,
  INITIAL_PAGES,
);
type Tile = (
  base: number,
  from: number,
  to: number,
  lagFrom: number,
  lagTo: number,
  best: number,
  lags: number,
) => void;

const kernel = instantiate<Tile>(kernelBytes, 'tile');

/** Whether the SIMD kernel runs here (false where WebAssembly SIMD is missing). */
export const simdAvailable = kernel !== undefined;

/**
 * Nearest earlier window for every step in [from, to) over lags lagFrom … lagTo − 1 (an even
 * count of them), as nearest-pattern.ts defines it: values before index 0 do not exist, so a lag
 * is a candidate only once its earlier window starts at 0 or later. Writes into bestSum and
 * bestLag exactly what nearest-pattern.ts's scalar loops would; returns false (writing nothing)
 * when the kernel is not available.
 */
export function simdTile(
  values: Float64Array,
  from: number,
  to: number,
  lagFrom: number,
  lagTo: number,
  bestSum: Float64Array,
  bestLag: Int32Array,
): boolean {
  if (!kernel) return false;
  // Values from the oldest one the longest lag's first window reads, then two (sum, lag) pairs per step.
  const first = from - (lagTo - 1) - (W - 1);
  const count = to - first;
  const steps = to - from;
  const best = count + (count & 1); // 16-byte aligned pairs
  const lags = best + 2 * steps;
  const bytes = 8 * (lags + 2 * steps);
  const have = kernel.memory.buffer.byteLength;
  if (have < bytes) kernel.memory.grow(Math.ceil((bytes - have) / 65_536));
  const heap = new Float64Array(kernel.memory.buffer);
  // Before the first value, NaN: a window reaching back there sums to NaN, which never compares
  // as nearer, and has rolled out of the sums by the step where that lag becomes a candidate.
  const missing = Math.max(0, -first);
  heap.fill(Number.NaN, 0, missing);
  heap.set(values.subarray(first + missing, to), missing);
  heap.fill(Number.POSITIVE_INFINITY, best, lags);
  heap.fill(0, lags, lags + 2 * steps);
  kernel.run(0, from - first, to - first, lagFrom, lagTo, 8 * best, 8 * lags);
  // Lane 0 holds the odd lags' best, lane 1 the even lags': the smaller wins, the later lag on a
  // tie; no candidate yet is −1 at lag 0.
  for (let i = 0; i < steps; i++) {
    const s0 = heap[best + 2 * i] as number;
    const s1 = heap[best + 2 * i + 1] as number;
    const l0 = heap[lags + 2 * i] as number;
    const l1 = heap[lags + 2 * i + 1] as number;
    const zero = s0 < s1 || (s0 === s1 && l0 > l1);
    const lag = zero ? l0 : l1;
    bestSum[from + i] = lag === 0 ? -1 : zero ? s0 : s1;
    bestLag[from + i] = lag;
  }
  return true;
}
