/**
 * The smoothing fits' profiled recursions (exponential-smoothing.ts's `trendSteps` for the trend
 * models, `levelSteps` for SES) for two parameter sets on two series at once, as WebAssembly SIMD
 * kernels: one f64x2 lane each, the same operations in the same order, so the same sums to the bit.
 *
 * Why: each step's error feeds the next step's level (and slope), a chain of dependent
 * floating-point operations (about 16 cycles per observation with a trend) that one recursion
 * cannot spread over the core's width however its code is arranged. Two independent fits (the
 * same candidate at two forecast origins, searched in lockstep) fill it: with f64x2 a step of both
 * costs about what a step of one does in scalar code. Where WebAssembly SIMD is missing, the
 * scalar recursions run twice.
 */
import {
  BLOCK,
  BR,
  BR_IF,
  EMPTY,
  END,
  F64_CONST,
  F64X2_ADD,
  F64X2_MUL,
  F64X2_SPLAT,
  F64X2_SUB,
  get,
  I32,
  I32_ADD,
  I32_EQZ,
  I32_LT_U,
  I32_SHL,
  i32,
  instantiate,
  LOOP,
  mem,
  moduleBytes,
  set,
  simd,
  V128,
  V128_LOAD,
  V128_STORE,
} from '../wasm-assembly';

/**
 * Values of one recursion's state, in this order: level and slope of the zero-initial-state run,
 * the unit-initial-state row vector (r₀, r₁), and the sums saa, sac, sad, scc, scd, sdd.
 */
export const TREND_STATE = 10;

/** Parameters per lane, in this order: α, β, φ and the transition matrix d₀₀, d₀₁, d₁₀, d₁₁. */
const PARAMETERS = 7;

// Memory: the parameters (one f64x2 per parameter, lane 0 the first fit's), the states after the
// run (one f64x2 per state value), then the two series' observations interleaved.
const PARAMETERS_AT = 0;
const STATE_AT = PARAMETERS_AT + 16 * PARAMETERS;
const DATA_AT = STATE_AT + 16 * TREND_STATE;

// Locals: the parameter (observations to run), i32 scratch, then v128 registers.
const P_N = 0;
const L_P = 1;
const L_END = 2;
const [ALPHA, BETA, PHI, D00, D01, D10, D11] = [3, 4, 5, 6, 7, 8, 9] as const;
const [LA, BA, R0, R1, SAA, SAC, SAD, SCC, SCD, SDD] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19] as const;
const [Y, PA, EA, NEXT] = [20, 21, 22, 23] as const;

const op = (code: number) => simd(code);
const load = (at: number) => [...i32(0), ...simd(V128_LOAD, ...mem(4, at))];
const store = (at: number, local: number) => [...i32(0), ...get(local), ...simd(V128_STORE, ...mem(4, at))];
const f64 = (x: number) => [F64_CONST, ...new Uint8Array(new Float64Array([x]).buffer)];
/** local = a ∘ b for locals a and b. */
const binary = (a: number, b: number, code: number) => [...get(a), ...get(b), ...op(code)];

/**
 * The loop over the observation pairs from byte `data` (the parameter's count of them): loads
 * each pair into the local `y`, then runs `step`.
 */
const overObservations = (data: number, y: number, step: number[]) => [
  ...i32(data),
  ...set(L_P),
  ...get(P_N),
  ...i32(4),
  I32_SHL,
  ...i32(data),
  I32_ADD,
  ...set(L_END),
  BLOCK,
  EMPTY,
  LOOP,
  EMPTY,
  ...get(L_P),
  ...get(L_END),
  I32_LT_U,
  I32_EQZ,
  BR_IF,
  1,
  ...get(L_P),
  ...simd(V128_LOAD, ...mem(4)),
  ...set(y),
  ...step,
  ...get(L_P),
  ...i32(16),
  I32_ADD,
  ...set(L_P),
  BR,
  0,
  END,
  END,
];

const body = [
  ...[ALPHA, BETA, PHI, D00, D01, D10, D11].flatMap((local, k) => [
    ...load(PARAMETERS_AT + 16 * k),
    ...set(local),
  ]),
  ...f64(1),
  ...op(F64X2_SPLAT),
  ...set(R0),
  ...get(PHI),
  ...set(R1),
  ...overObservations(DATA_AT, Y, [
    // pa = φ·b; e = (y − l) − pa
    ...binary(PHI, BA, F64X2_MUL),
    ...set(PA),
    ...binary(Y, LA, F64X2_SUB),
    ...get(PA),
    ...op(F64X2_SUB),
    ...set(EA),
    // saa += e·e; sac −= e·r₀; sad −= e·r₁; scc += r₀·r₀; scd += r₀·r₁; sdd += r₁·r₁
    ...[
      [SAA, EA, EA, F64X2_ADD],
      [SAC, EA, R0, F64X2_SUB],
      [SAD, EA, R1, F64X2_SUB],
      [SCC, R0, R0, F64X2_ADD],
      [SCD, R0, R1, F64X2_ADD],
      [SDD, R1, R1, F64X2_ADD],
    ].flatMap(([sum, a, b, code]) => [
      ...get(sum as number),
      ...binary(a as number, b as number, F64X2_MUL),
      ...op(code as number),
      ...set(sum as number),
    ]),
    // l = (l + pa) + α·e; b = pa + β·e
    ...binary(LA, PA, F64X2_ADD),
    ...binary(ALPHA, EA, F64X2_MUL),
    ...op(F64X2_ADD),
    ...set(LA),
    ...get(PA),
    ...binary(BETA, EA, F64X2_MUL),
    ...op(F64X2_ADD),
    ...set(BA),
    // (r₀, r₁) = (r₀·d₀₀ + r₁·d₁₀, r₀·d₀₁ + r₁·d₁₁)
    ...binary(R0, D00, F64X2_MUL),
    ...binary(R1, D10, F64X2_MUL),
    ...op(F64X2_ADD),
    ...set(NEXT),
    ...binary(R0, D01, F64X2_MUL),
    ...binary(R1, D11, F64X2_MUL),
    ...op(F64X2_ADD),
    ...set(R1),
    ...get(NEXT),
    ...set(R0),
  ]),
  ...[LA, BA, R0, R1, SAA, SAC, SAD, SCC, SCD, SDD].flatMap((local, k) => store(STATE_AT + 16 * k, local)),
  END,
];

/** Pages (64 KiB) the module starts with: 4,000 observation pairs; grown on demand. */
const INITIAL_PAGES = 1;

const trendKernel = instantiate<(n: number) => void>(
  moduleBytes(
    'trend',
    [I32],
    [
      [2, I32],
      [21, V128],
    ],
    body,
    INITIAL_PAGES,
  ),
  'trend',
);

/** A kernel's memory and entry point, where WebAssembly SIMD exists. */
type PairKernel = NonNullable<ReturnType<typeof instantiate<(n: number) => void>>>;

/** Copies the first `n` observations of `a` and `b`, interleaved, into the kernel's memory at `at`; returns its view. */
function loadPair(
  kernel: PairKernel,
  a: readonly number[],
  b: readonly number[],
  n: number,
  at: number,
): Float64Array {
  const bytes = at + 16 * n;
  const have = kernel.memory.buffer.byteLength;
  if (have < bytes) kernel.memory.grow(Math.ceil((bytes - have) / 65_536));
  const heap = new Float64Array(kernel.memory.buffer);
  const data = at / 8;
  for (let t = 0; t < n; t++) {
    heap[data + 2 * t] = a[t] as number;
    heap[data + 2 * t + 1] = b[t] as number;
  }
  return heap;
}

/** Copies the two lanes' states (`count` values each, from byte `at`) to `states`: the first fit's, then the second's. */
function readStates(heap: Float64Array, at: number, count: number, states: Float64Array): void {
  const s = at / 8;
  for (let k = 0; k < count; k++) {
    states[k] = heap[s + 2 * k] as number;
    states[count + k] = heap[s + 2 * k + 1] as number;
  }
}

/**
 * Runs the recursion for two fits over the first `n` observations of `a` and `b` (each at least
 * `n` long) with the parameters `params` (α, β, φ of the first fit, then of the second), writing
 * the two states after step n into `states` (the first fit's, then the second's, {@link
 * TREND_STATE} values each). Returns a function doing that for one pair of series, or undefined
 * where the kernel is not available. The series are copied into the kernel's memory once, here.
 */
export function trendPairKernel(
  a: readonly number[],
  b: readonly number[],
  n: number,
): ((params: Float64Array, states: Float64Array) => void) | undefined {
  if (trendKernel === undefined || n < 1) return undefined;
  const heap = loadPair(trendKernel, a, b, n, DATA_AT);
  const run = trendKernel.run;
  return (params, states) => {
    const p = PARAMETERS_AT / 8;
    for (let lane = 0; lane < 2; lane++) {
      const alpha = params[3 * lane] as number;
      const beta = params[3 * lane + 1] as number;
      const phi = params[3 * lane + 2] as number;
      heap[p + lane] = alpha;
      heap[p + 2 + lane] = beta;
      heap[p + 4 + lane] = phi;
      // The transition matrix as trendSteps computes it.
      heap[p + 6 + lane] = 1 - alpha;
      heap[p + 8 + lane] = phi * (1 - alpha);
      heap[p + 10 + lane] = -beta;
      heap[p + 12 + lane] = phi * (1 - beta);
    }
    run(n);
    readStates(heap, STATE_AT, TREND_STATE, states);
  };
}

/**
 * Values of SES's profiled recursion's state (exponential-smoothing.ts's `levelSteps`), in this
 * order: the zero-initial-state level, the unit-initial-state level (1−α)ᵗ, and the sums saa,
 * sac, scc.
 */
export const LEVEL_STATE = 5;

// SES's module: parameters α and 1 − α, the states after the run, then the observations.
const LEVEL_STATE_AT = 32;
const LEVEL_DATA_AT = LEVEL_STATE_AT + 16 * LEVEL_STATE;
const [L_ALPHA, L_KEEP, L_LA, L_LC, L_SAA, L_SAC, L_SCC, L_Y, L_EA] = [3, 4, 5, 6, 7, 8, 9, 10, 11] as const;

const levelBody = [
  ...load(0),
  ...set(L_ALPHA),
  ...load(16),
  ...set(L_KEEP),
  ...f64(1),
  ...op(F64X2_SPLAT),
  ...set(L_LC),
  ...overObservations(LEVEL_DATA_AT, L_Y, [
    // e = y − l; saa += e·e; sac −= e·c; scc += c·c
    ...binary(L_Y, L_LA, F64X2_SUB),
    ...set(L_EA),
    ...[
      [L_SAA, L_EA, L_EA, F64X2_ADD],
      [L_SAC, L_EA, L_LC, F64X2_SUB],
      [L_SCC, L_LC, L_LC, F64X2_ADD],
    ].flatMap(([sum, a, b, code]) => [
      ...get(sum as number),
      ...binary(a as number, b as number, F64X2_MUL),
      ...op(code as number),
      ...set(sum as number),
    ]),
    // l = (1−α)·l + α·y; c = c·(1−α)
    ...binary(L_KEEP, L_LA, F64X2_MUL),
    ...binary(L_ALPHA, L_Y, F64X2_MUL),
    ...op(F64X2_ADD),
    ...set(L_LA),
    ...binary(L_LC, L_KEEP, F64X2_MUL),
    ...set(L_LC),
  ]),
  ...[L_LA, L_LC, L_SAA, L_SAC, L_SCC].flatMap((local, k) => store(LEVEL_STATE_AT + 16 * k, local)),
  END,
];

const levelKernel = instantiate<(n: number) => void>(
  moduleBytes(
    'level',
    [I32],
    [
      [2, I32],
      [9, V128],
    ],
    levelBody,
    INITIAL_PAGES,
  ),
  'level',
);

/** Whether the paired kernels run here (false where WebAssembly SIMD is missing: the scalar recursions run twice). */
export const pairKernelsAvailable = trendKernel !== undefined && levelKernel !== undefined;

/**
 * {@link trendPairKernel} for SES: `alphas` holds the two fits' α, `states` receives their
 * {@link LEVEL_STATE} values each.
 */
export function levelPairKernel(
  a: readonly number[],
  b: readonly number[],
  n: number,
): ((alphas: Float64Array, states: Float64Array) => void) | undefined {
  if (levelKernel === undefined || n < 1) return undefined;
  const heap = loadPair(levelKernel, a, b, n, LEVEL_DATA_AT);
  const run = levelKernel.run;
  return (alphas, states) => {
    for (let lane = 0; lane < 2; lane++) {
      const alpha = alphas[lane] as number;
      heap[lane] = alpha;
      heap[2 + lane] = 1 - alpha;
    }
    run(n);
    readStates(heap, LEVEL_STATE_AT, LEVEL_STATE, states);
  };
}
