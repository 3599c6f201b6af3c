import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/domain/errors';
import {
  bucketCeil,
  bucketStart,
  bucketStarts,
  checkTimeZone,
  offsetSecondsAt,
  offsetSegments,
} from '../../../../shared/domain/metrics/time-buckets';

const at = (iso: string) => Date.parse(iso) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('time buckets', () => {
  it('aligns minutes, five minutes and hours to the UTC clock in UTC', () => {
    const t = at('2026-11-27T10:17:42Z');

    expect(iso(bucketStart(t, '1m', 'UTC'))).toBe('2026-11-27T10:17:00.000Z');
    expect(iso(bucketStart(t, '5m', 'UTC'))).toBe('2026-11-27T10:15:00.000Z');
    expect(iso(bucketStart(t, '1h', 'UTC'))).toBe('2026-11-27T10:00:00.000Z');
    expect(iso(bucketStart(t, '1d', 'UTC'))).toBe('2026-11-27T00:00:00.000Z');
  });

  it('starts hours at :30 UTC in a +05:30 zone', () => {
    expect(iso(bucketStart(at('2026-11-27T10:17:00Z'), '1h', 'Asia/Kolkata'))).toBe(
      '2026-11-27T09:30:00.000Z',
    );
  });

  it('starts days at local midnight, also across DST changes (23 and 25 hour days)', () => {
    const spring = bucketStarts(
      at('2026-03-28T12:00:00Z'),
      at('2026-03-30T12:00:00Z'),
      '1d',
      'Europe/Berlin',
    );
    const autumn = bucketStarts(
      at('2026-10-24T12:00:00Z'),
      at('2026-10-26T12:00:00Z'),
      '1d',
      'Europe/Berlin',
    );

    expect(spring.map(iso)).toEqual([
      '2026-03-27T23:00:00.000Z',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
    expect((spring[2] ?? 0) - (spring[1] ?? 0)).toBe(23 * 3600);
    expect(autumn.map(iso)).toEqual([
      '2026-10-23T22:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ]);
    expect((autumn[2] ?? 0) - (autumn[1] ?? 0)).toBe(25 * 3600);
  });

  it('keeps the two local 02:00 hours of an autumn change apart', () => {
    const hours = bucketStarts(at('2026-10-25T00:00:00Z'), at('2026-10-25T02:00:00Z'), '1h', 'Europe/Berlin');

    expect(hours.map(iso)).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z']);
  });

  it('starts a day whose midnight is skipped at the end of the gap', () => {
    // Chile moves its clocks from 00:00 to 01:00 on 2026-09-06.
    const start = bucketStart(at('2026-09-06T12:00:00Z'), '1d', 'America/Santiago');

    expect(iso(start)).toBe('2026-09-06T04:00:00.000Z');
    expect(offsetSecondsAt(start, 'America/Santiago')).toBe(-3 * 3600);
  });

  it('rounds up to the next bucket start unless already on one', () => {
    expect(iso(bucketCeil(at('2026-11-27T10:17:42Z'), '5m', 'UTC'))).toBe('2026-11-27T10:20:00.000Z');
    expect(iso(bucketCeil(at('2026-11-27T10:20:00Z'), '5m', 'UTC'))).toBe('2026-11-27T10:20:00.000Z');
  });

  it('finds offset changes to the second', () => {
    const segments = offsetSegments(at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'), 'Europe/Berlin');

    expect(segments.map((s) => s.offset)).toEqual([3600, 7200]);
    expect(iso(segments[1]?.since ?? 0)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('refuses an unknown zone with the path of the parameter', () => {
    expect(checkTimeZone('europe/berlin')).toBe('Europe/Berlin');
    try {
      checkTimeZone('Mars/Olympus');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details[0]?.path).toBe('tz');
    }
  });
});
