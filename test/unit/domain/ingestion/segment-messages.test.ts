import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/domain/errors';
import {
  parseSegmentRequest,
  segmentEventTime,
  segmentLimits,
} from '../../../../shared/domain/ingestion/segment-messages';

const receivedAt = new Date('2026-03-01T12:00:00.000Z');
const body = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('segmentEventTime', () => {
  it('prefers timestamp, else corrects originalTimestamp by the sentAt skew, else the receive time', () => {
    expect(segmentEventTime({ timestamp: '2026-01-01T00:00:00Z' }, receivedAt)).toBe('2026-01-01T00:00:00Z');
    // The device clock runs 1 h ahead: it created the event 10 s before it sent it.
    const skewed = { originalTimestamp: '2026-03-01T12:59:50.000Z', sentAt: '2026-03-01T13:00:00.000Z' };
    expect(segmentEventTime(skewed, receivedAt)).toBe('2026-03-01T11:59:50.000Z');
    expect(segmentEventTime({ originalTimestamp: '2026-02-01T00:00:00.000Z' }, receivedAt)).toBe(
      '2026-02-01T00:00:00.000Z',
    );
    expect(segmentEventTime({}, receivedAt)).toBe(receivedAt.toISOString());
  });
});

describe('parseSegmentRequest', () => {
  it('maps a track call, gzipped, to an events record with the messageId as eventId', () => {
    const parsed = parseSegmentRequest({
      path: 'track',
      body: gzipSync(
        body({ event: 'Signed Up', userId: 'u1', messageId: 'm-1', properties: { plan: 'pro' } }),
      ),
      receivedAt,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.records[0]?.value).toMatchObject({
      eventId: 'm-1',
      name: 'Signed Up',
      type: 'track',
      userId: 'u1',
      properties: { plan: 'pro' },
      timestamp: receivedAt.toISOString(),
    });
  });

  it('keeps the valid messages of a batch and reports the others by index', () => {
    const parsed = parseSegmentRequest({
      path: 'batch',
      body: body({
        batch: [
          { type: 'page', anonymousId: 'a', name: 'Home' },
          { type: 'track', event: 'No identity' },
          { type: 'bogus', userId: 'u' },
          {
            type: 'track',
            event: 'Big',
            userId: 'u',
            properties: { pad: 'x'.repeat(segmentLimits.maxMessageBytes) },
          },
          { type: 'alias', userId: 'u2', previousId: 'a' },
        ],
        context: { library: { name: 'sdk' } },
      }),
      receivedAt,
    });
    expect(parsed.records.map((r) => r.index)).toEqual([0, 4]);
    expect(parsed.records[0]?.value).toMatchObject({ name: 'Home', context: { library: { name: 'sdk' } } });
    expect(parsed.records[1]?.value).toMatchObject({ name: 'alias', properties: { previousId: 'a' } });
    expect(parsed.errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'REQUIRED'],
      [2, 'INVALID_TYPE'],
      [3, 'MESSAGE_TOO_LARGE'],
    ]);
  });

  it('refuses with a 400 a body over 500 KB, a single message over 32 KB and a body that is not JSON', () => {
    const big = { batch: [{ type: 'track', userId: 'u', event: 'x'.repeat(segmentLimits.maxBatchBytes) }] };
    const single = {
      userId: 'u',
      event: 'e',
      properties: { pad: 'x'.repeat(segmentLimits.maxMessageBytes) },
    };
    const cases = [
      { path: 'batch' as const, body: gzipSync(body(big)), code: 'BATCH_TOO_LARGE' },
      { path: 'track' as const, body: body(single), code: 'MESSAGE_TOO_LARGE' },
      { path: 'identify' as const, body: new TextEncoder().encode('userId=u'), code: 'MALFORMED_BODY' },
    ];
    for (const c of cases) {
      const error = (() => {
        try {
          parseSegmentRequest({ path: c.path, body: c.body, receivedAt });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe(c.code);
    }
  });
});
