import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ValidationError } from '../../../shared/domain/errors';
import { parseInput } from '../../../shared/runtime/zod-input';

const schema = z.object({
  name: z.string(),
  fields: z.array(z.object({ name: z.string().min(1), tags: z.array(z.string()).optional() })),
});

function details(input: unknown, s: z.ZodType = schema) {
  try {
    parseInput(s, input, 'BAD');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('BAD');
    return (error as ValidationError).details;
  }
  throw new Error('expected a ValidationError');
}

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(schema, { name: 'a', fields: [] })).toEqual({ name: 'a', fields: [] });
  });

  it('renders issue paths as fields[2].name', () => {
    // Act
    const found = details({
      name: 'a',
      fields: [{ name: 'x' }, { name: 'y', tags: ['ok', 3] }, { name: '' }],
    });

    // Assert
    expect(found.map((d) => d.path)).toEqual(['fields[1].tags[1]', 'fields[2].name']);
    expect(found[1]).toMatchObject({ code: 'too_small', message: expect.any(String) });
  });

  it('renders top-level array and root paths', () => {
    expect(details([{ n: 1 }, { n: 'x' }], z.array(z.object({ n: z.number() })))[0]?.path).toBe('[1].n');
    expect(details('x', z.number())[0]?.path).toBe('');
  });

  it('uses INVALID_REQUEST by default', () => {
    expect(() => parseInput(z.number(), 'x')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});
