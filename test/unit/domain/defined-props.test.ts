import { describe, expect, expectTypeOf, it } from 'vitest';
import { definedProps } from '../../../shared/domain/defined-props.js';

describe('definedProps', () => {
  it('drops undefined values and keeps every other falsy value', () => {
    const out = definedProps({ a: 1, b: undefined, c: null, d: 0, e: '', f: false });
    expect(out).toEqual({ a: 1, c: null, d: 0, e: '', f: false });
    expect(Object.keys(out)).toEqual(['a', 'c', 'd', 'e', 'f']);
    expect(JSON.stringify(definedProps({ x: undefined, y: 'y' }))).toBe('{"y":"y"}');
  });

  it('returns a new object and leaves its input alone', () => {
    const input = { a: 1, b: undefined };
    const out = definedProps(input);
    expect(out).not.toBe(input);
    expect('b' in input).toBe(true);
  });

  it('types possibly-undefined keys as optional without undefined, and keeps the others required', () => {
    const maybe = (v: string): string | undefined => (v ? v : undefined);
    const out = definedProps({ id: 'x', label: maybe('l'), count: 3 as number | undefined });
    expectTypeOf(out).toEqualTypeOf<{ id: string; label?: string; count?: number }>();

    const fromOptional = definedProps({} as { a?: string; b: number | null });
    expectTypeOf(fromOptional).toEqualTypeOf<{ a?: string; b: number | null }>();

    // Assignable to a target with exact optional keys, which `{ label: string | undefined }` is not.
    type Target = { id: string; label?: string };
    expectTypeOf(definedProps({ id: 'x', label: maybe('') })).toExtend<Target>();
    expectTypeOf<{ id: string; label?: string | undefined }>().not.toExtend<Target>();
  });
});
