/**
 * What the analytics' WebAssembly SIMD kernels need to assemble their modules at load (no build
 * step, no binary file): opcodes, LEB128 encodings, sections, and instantiation where WebAssembly
 * SIMD exists. The detector's nearest-pattern search and the forecaster's paired smoothing runs
 * use it.
 */

// Value types and opcodes (WebAssembly core specification; SIMD ones follow the 0xfd prefix).
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const BLOCK = 0x02;
export const LOOP = 0x03;
export const IF = 0x04;
export const END = 0x0b;
export const BR = 0x0c;
export const BR_IF = 0x0d;
export const EMPTY = 0x40;
export const LOCAL_GET = 0x20;
export const LOCAL_SET = 0x21;
export const I32_CONST = 0x41;
export const F64_CONST = 0x44;
export const I32_ADD = 0x6a;
export const I32_SUB = 0x6b;
export const I32_EQZ = 0x45;
export const I32_LT_U = 0x49;
export const I32_SHL = 0x74;
export const F64_CONVERT_I32_S = 0xb7;
export const SIMD = 0xfd;
export const V128_LOAD = 0x00;
export const V128_LOAD64_SPLAT = 0x0a;
export const V128_STORE = 0x0b;
export const F64X2_SPLAT = 0x14;
export const F64X2_REPLACE_LANE = 0x22;
export const F64X2_LE = 0x4b;
export const V128_BITSELECT = 0x52;
export const V128_ANY_TRUE = 0x53;
export const F64X2_ADD = 0xf0;
export const F64X2_SUB = 0xf1;
export const F64X2_MUL = 0xf2;

/** Unsigned LEB128. */
export function leb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
}

/** Signed LEB128 of a small integer (i32.const). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
export const vector = (items: number[][]) => [...leb(items.length), ...items.flat()];
export const name = (s: string) => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

export const get = (i: number) => [LOCAL_GET, ...leb(i)];
export const set = (i: number) => [LOCAL_SET, ...leb(i)];
export const i32 = (n: number) => [I32_CONST, ...sleb(n)];
export const simd = (op: number, ...imm: number[]) => [SIMD, ...leb(op), ...imm];
/** memarg: alignment exponent, offset. */
export const mem = (align: number, offset = 0) => [align, ...leb(offset)];

/**
 * A module of one function `name` of parameter types `params` and no results, with its locals
 * (count, type) and body (the code after the locals, ending in END), and an exported memory of
 * `pages` 64 KiB pages.
 */
export function moduleBytes(
  exported: string,
  params: readonly number[],
  locals: readonly (readonly [number, number])[],
  body: readonly number[],
  pages: number,
): Uint8Array {
  const code = [...vector(locals.map(([n, t]) => [...leb(n), t])), ...body];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector([[0x60, ...leb(params.length), ...params, 0x00]])),
    ...section(3, vector([leb(0)])),
    ...section(5, vector([[0x00, ...leb(pages)]])),
    ...section(
      7,
      vector([
        [...name('memory'), 0x02, 0x00],
        [...name(exported), 0x00, 0x00],
      ]),
    ),
    ...section(10, vector([[...leb(code.length), ...code]])),
  ]);
}

/** The parts of the WebAssembly API used here (this project compiles without the DOM's types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}

/** The module's memory and exported function, or undefined where WebAssembly (SIMD) is missing. */
export function instantiate<F>(
  bytes: Uint8Array,
  exported: string,
): { memory: WasmMemory; run: F } | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  try {
    if (!wasm?.validate(bytes)) return undefined;
    const instance = new wasm.Instance(new wasm.Module(bytes));
    return { memory: instance.exports.memory as WasmMemory, run: instance.exports[exported] as F };
  } catch {
    return undefined;
  }
}
