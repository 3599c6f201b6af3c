/** Report schedules: validation, the EventBridge 6-field form, and run times across DST changes. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/domain/errors';
import { checkSchedule, eventBridgeCron, nextRuns } from '../../../../shared/domain/reports/report-cron';

const berlin = (cron: string) => ({ cron, timezone: 'Europe/Berlin' });
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('report schedules', () => {
  it('converts 5-field cron to EventBridge form: ? for the unrestricted day field, Sunday as 1', () => {
    expect(eventBridgeCron(berlin('0 9 * * 1-5'))).toBe('cron(0 9 ? * 2,3,4,5,6 *)');
    expect(eventBridgeCron(berlin('0 8 * * SUN,SAT'))).toBe('cron(0 8 ? * 1,7 *)');
    expect(eventBridgeCron(berlin('0 8 * * 7'))).toBe('cron(0 8 ? * 1 *)');
    expect(eventBridgeCron(berlin('*/15 * * * *'))).toBe('cron(0,15,30,45 * * * ? *)');
    expect(eventBridgeCron(berlin('30 6 1,15 * *'))).toBe('cron(30 6 1,15 * ? *)');
  });

  it('refuses day-of-month with day-of-week, wrong field counts and unknown zones, naming the field', () => {
    const pathOf = (schedule: { cron: string; timezone: string }) => {
      try {
        checkSchedule(schedule);
        return 'accepted';
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).details[0]?.path;
      }
    };
    expect(pathOf(berlin('0 9 1 * 1'))).toBe('schedule.cron');
    expect(pathOf(berlin('0 9 * *'))).toBe('schedule.cron');
    expect(pathOf(berlin('0 9 L * *'))).toBe('schedule.cron');
    expect(pathOf(berlin('61 9 * * *'))).toBe('schedule.cron');
    expect(pathOf({ cron: '0 9 * * *', timezone: 'Mars/Olympus' })).toBe('schedule.timezone');
    expect(pathOf(berlin('0  9 * *   1'))).toBe('accepted');
  });

  it('reads the cron in the zone', () => {
    expect(
      iso(nextRuns({ cron: '0 9 * * *', timezone: 'America/New_York' }, new Date('2026-07-01T00:00:00Z'), 2)),
    ).toEqual(['2026-07-01T13:00:00.000Z', '2026-07-02T13:00:00.000Z']);
  });

  it('skips a local time the spring change removes, as EventBridge Scheduler does', () => {
    // 29 March 2026: Berlin jumps from 02:00 to 03:00; 02:30 does not exist that day.
    expect(iso(nextRuns(berlin('30 2 * * *'), new Date('2026-03-28T00:00:00Z'), 3))).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('runs a local time the autumn change repeats once, at its first occurrence', () => {
    // 25 October 2026: Berlin goes back from 03:00 CEST to 02:00 CET; 02:00-02:59 happen twice.
    expect(iso(nextRuns(berlin('*/30 * * * *'), new Date('2026-10-25T00:00:00Z'), 4))).toEqual([
      '2026-10-25T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T02:00:00.000Z', // 03:00 CET: 02:00 and 02:30 CET were repeats
      '2026-10-25T02:30:00.000Z',
      '2026-10-25T03:00:00.000Z',
    ]);
    expect(iso(nextRuns(berlin('30 2 * * *'), new Date('2026-10-24T12:00:00Z'), 2))).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });
});
