import { describe, expect, it } from 'vitest';
import { isKnownTimeZone, wallClockMs } from '../../../../shared/domain/charts/zoned-time';

describe('wallClockMs', () => {
  it('reads an instant as the wall clock of the zone, with the daylight-saving offset of that day', () => {
    const winter = Date.UTC(2026, 11, 2, 10, 0, 0, 250);
    const summer = Date.UTC(2026, 6, 2, 10, 0);

    expect(new Date(wallClockMs(winter, 'Europe/Berlin')).toISOString()).toBe('2026-12-02T11:00:00.250Z');
    expect(new Date(wallClockMs(summer, 'Europe/Berlin')).toISOString()).toBe('2026-07-02T12:00:00.000Z');
    expect(new Date(wallClockMs(winter, 'America/New_York')).toISOString()).toBe('2026-12-02T05:00:00.250Z');
    expect(new Date(wallClockMs(winter, 'Asia/Kolkata')).toISOString()).toBe('2026-12-02T15:30:00.250Z');
  });

  it('leaves UTC unchanged and knows real zones from made-up ones', () => {
    expect(wallClockMs(1_700_000_000_123, 'UTC')).toBe(1_700_000_000_123);
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
