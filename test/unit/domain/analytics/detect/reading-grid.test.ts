import { describe, expect, it } from 'vitest';
import {
  GRID_SAMPLES,
  ReadingGrid,
  writtenClockMs,
} from '../../../../../shared/domain/analytics/detect/reading-grid';

describe('writtenClockMs', () => {
  it('reads ISO-like timestamps as Date.parse reads them in UTC, in either separator and precision', () => {
    for (const text of [
      '2015-09-01 00:05:00',
      '2015-09-01T13:47:12',
      '2016-02-29T23:59:59.250Z',
      '1999-12-31 23:59',
      '2024-03-01T00:00:00.000Z',
      '1969-07-20T20:17:40Z',
    ]) {
      const utc = text.replace(' ', 'T').replace(/Z?$/, 'Z');
      expect(writtenClockMs(text)).toBe(Date.parse(utc));
    }
  });

  it('reads the digits as written whatever offset follows, so differences on one clock are kept', () => {
    expect(writtenClockMs('2015-09-01T10:00:00+02:00')).toBe(Date.parse('2015-09-01T10:00:00Z'));
    expect(writtenClockMs('2015-09-01T10:05:00+02:00') - writtenClockMs('2015-09-01T10:00:00+02:00')).toBe(
      300_000,
    );
  });

  it('passes epoch ms through and leaves other text to Date.parse (NaN when unreadable)', () => {
    expect(writtenClockMs(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(writtenClockMs('Tue, 01 Sep 2015 10:00:00 GMT')).toBe(Date.parse('2015-09-01T10:00:00Z'));
    expect(writtenClockMs('2015-13-01T10:00:00')).toBeNaN();
    expect(writtenClockMs('not a time')).toBeNaN();
  });
});

describe('ReadingGrid', () => {
  it('learns the nominal interval as the median spacing, then counts intervals since the last reading', () => {
    const grid = new ReadingGrid();
    let t = 0;
    const steps: number[] = [];
    // 5-minute readings, every fourth a minute late, and one gap of two hours among the first ones.
    for (let i = 0; i <= GRID_SAMPLES; i++) {
      t += i === 3 ? 7_200_000 : i % 4 === 0 ? 360_000 : 300_000;
      steps.push(grid.advance(t, 0));
    }
    expect(steps.every((s) => s === 1)).toBe(true);
    expect(grid.advance(t + 300_000, 0)).toBe(1);
    expect(grid.advance(t + 300_000 + 3_600_000, 0)).toBe(12);
    expect(grid.advance(t + 300_000 + 3_600_000 + 60_000, 0)).toBe(1);
  });

  it('counts one interval when the time is unknown or does not advance, and keeps the last known time', () => {
    const grid = new ReadingGrid({ samples: [], spacing: 60_000, last: 600_000 });
    expect(grid.advance(Number.NaN, 0)).toBe(1);
    expect(grid.advance(600_000, 0)).toBe(1);
    expect(grid.advance(540_000, 0)).toBe(1);
    expect(grid.advance(780_000, 0)).toBe(4);
    expect(grid.state()).toEqual({
      samples: [],
      spacing: 60_000,
      last: 780_000,
      readings: 1,
      intervals: 4,
      pending: 0,
      hour: 0,
    });
  });

  it('reports the share of nominal intervals that brought a reading', () => {
    const grid = new ReadingGrid({ samples: [], spacing: 60_000, last: 0 });
    expect(grid.coverage).toBe(1);
    for (let t = 60_000; t <= 600_000; t += 60_000) grid.advance(t, 0);
    expect(grid.coverage).toBe(1);
    grid.advance(600_000 + 10 * 60_000, 0);
    expect(grid.coverage).toBeCloseTo(11 / 20, 12);
    expect(new ReadingGrid(grid.state()).coverage).toBe(grid.coverage);
  });

  it('wants the time of the first reading of each hour only, and counts the readings between at once', () => {
    const grid = new ReadingGrid({ samples: [], spacing: 60_000, last: 0, hour: 0 });
    expect(grid.wants(0)).toBe(false);
    // 39 readings of hour 0 after minute 0 (say minutes 1–30 and 51–59), times not read.
    for (let k = 0; k < 39; k++) grid.pass();
    expect(grid.coverage).toBe(1);
    expect(grid.wants(1)).toBe(true);
    expect(grid.advance(60 * 60_000, 1)).toBe(1);
    expect(grid.coverage).toBeCloseTo(40 / 60, 12);
    expect(grid.wants(1)).toBe(false);
    grid.pass();
    grid.stamp(62 * 60_000, 1);
    expect(grid.advance(65 * 60_000, 1)).toBe(3);
    expect(grid.coverage).toBeCloseTo(42 / 65, 12);
  });
});
