import { describe, expect, it } from 'vitest';
import { EventIdIndex } from '../../../../shared/domain/lake/event-id-index';

describe('EventIdIndex', () => {
  it('reads each file once and answers later batches from memory', async () => {
    const reads: string[] = [];
    const index = new EventIdIndex(async (file) => {
      reads.push(file);
      return file === 'f1' ? ['a', 'b'] : ['c'];
    });

    await index.holders('p', ['f1']);
    const held = await index.holders('p', ['f1', 'f2']);

    expect(reads).toEqual(['f1', 'f2']);
    expect([...held]).toEqual([
      ['a', 'f1'],
      ['b', 'f1'],
      ['c', 'f2'],
    ]);
  });

  it('drops the least recently used partitions past its id budget, never the one in use', async () => {
    const index = new EventIdIndex(async (file) => [`${file}-1`, `${file}-2`], 4);
    await index.holders('old', ['a']);
    await index.holders('recent', ['b']);
    await index.holders('old', ['a']);

    await index.holders('new', ['c', 'd', 'e']);

    expect(index.has('new')).toBe(true);
    expect(index.has('recent')).toBe(false);
    expect(index.has('old')).toBe(false);
  });
});
