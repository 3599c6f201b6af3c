import { describe, expect, it } from 'vitest';
import {
  consistentReadUnits,
  itemBytes,
  valueBytes,
  writeUnits,
} from '../../../../scripts/cost/dynamodb-item-size';

describe('DynamoDB item size', () => {
  it('counts names and values as the developer guide bills them', () => {
    // "pk" 2 + "ab" 2; "n" 1 + 12345 (3 digit pairs + 1); "b" 1 + 3 raw bytes (base64 "AQID").
    expect(itemBytes({ pk: { S: 'ab' }, n: { N: '12345' }, b: { B: 'AQID' } })).toBe(4 + 5 + 4);
    // Leading and trailing zeros do not count; "-0.0500" is one significant digit.
    expect(valueBytes({ N: '-0.0500' })).toBe(2);
    // A list: 3 bytes, plus 1 per element and the elements.
    expect(valueBytes({ L: [{ S: 'abc' }, { S: 'de' }] })).toBe(3 + 4 + 3);
    expect(valueBytes({ M: { k: { BOOL: true } } })).toBe(3 + 1 + 1 + 1);
    expect(valueBytes({ S: 'é' })).toBe(2);
  });

  it('bills a write per started KB and a consistent read per started 4 KB, at least one', () => {
    expect([0, 1024, 1025, 2049].map(writeUnits)).toEqual([1, 1, 2, 3]);
    expect([0, 4096, 4097].map(consistentReadUnits)).toEqual([1, 1, 2]);
  });
});
