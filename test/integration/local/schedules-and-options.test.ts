import { describe, expect, it, vi } from 'vitest';
import { parseCliOptions } from '../../../infra/local/cli-options';
import { parseScheduleExpression } from '../../../infra/local/pollers/schedule-expression';
import { startSchedulePoller } from '../../../infra/local/pollers/schedule-poller';

const next = (expression: string, after: string): string | undefined =>
  parseScheduleExpression(expression, new Date('2026-01-01T00:00:00Z'))
    .nextAfter(new Date(after))
    ?.toISOString();

describe('schedule expressions', () => {
  it('counts rate() periods from the anchor', () => {
    expect(next('rate(5 minutes)', '2026-01-01T00:07:00Z')).toBe('2026-01-01T00:10:00.000Z');
    expect(next('rate(1 hour)', '2026-01-01T00:00:00Z')).toBe('2026-01-01T01:00:00.000Z');
    expect(() => parseScheduleExpression('rate(1 minutes)')).toThrow();
  });

  it('reads EventBridge cron: 6 fields, weekdays 1-7 from SUN, names, L and #', () => {
    // 2026-01-05 is a Monday.
    expect(next('cron(0 6 ? * MON *)', '2026-01-01T00:00:00Z')).toBe('2026-01-05T06:00:00.000Z');
    expect(next('cron(0 6 ? * 2 *)', '2026-01-01T00:00:00Z')).toBe('2026-01-05T06:00:00.000Z');
    expect(next('cron(15 10 L * ? *)', '2026-02-01T00:00:00Z')).toBe('2026-02-28T10:15:00.000Z');
    expect(next('cron(0/20 * * * ? *)', '2026-01-01T00:21:00Z')).toBe('2026-01-01T00:40:00.000Z');
    expect(next('cron(0 9 ? * MON-FRI *)', '2026-01-03T12:00:00Z')).toBe('2026-01-05T09:00:00.000Z');
    expect(next('cron(0 8 ? * TUE#2 *)', '2026-01-01T00:00:00Z')).toBe('2026-01-13T08:00:00.000Z');
    expect(next('cron(0 0 1 JAN ? 2027)', '2026-01-01T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(() => parseScheduleExpression('cron(0 6 * * MON *)')).toThrow(/exactly one/);
  });

  it('runs at() once', () => {
    expect(next('at(2026-03-01T12:00:00)', '2026-01-01T00:00:00Z')).toBe('2026-03-01T12:00:00.000Z');
    expect(next('at(2026-03-01T12:00:00)', '2026-04-01T00:00:00Z')).toBeUndefined();
  });
});

describe('schedule poller pause (bench switch)', () => {
  it('skips the firings due while paused, waits for the run in flight, and fires again once resumed', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:30Z') });
    try {
      const fired: string[] = [];
      let finishRun = () => {};
      const poller = startSchedulePoller({
        spec: {
          name: 'every-minute',
          entry: 'none.ts',
          domain: 'reporting',
          description: 'test',
          memoryMb: 128,
          timeoutSeconds: 60,
          needs: [],
          eventSources: [{ kind: 'schedule', expression: 'rate(1 minute)', description: 'test' }],
        },
        handler: (event) =>
          new Promise((resolve) => {
            fired.push((event as { time: string }).time);
            finishRun = () => resolve(undefined);
          }),
        dataDir: '/nonexistent',
        log: () => {},
      });
      // rate() periods count from the poller's start.
      await vi.advanceTimersByTimeAsync(60_000);
      expect(fired).toEqual(['2026-01-01T00:01:30.000Z']);
      let paused = false;
      const pausing = poller.pause().then(() => {
        paused = true;
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(paused).toBe(false);
      finishRun();
      await pausing;
      await vi.advanceTimersByTimeAsync(120_000);
      expect(fired).toHaveLength(1);
      poller.resume();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(fired).toEqual(['2026-01-01T00:01:30.000Z', '2026-01-01T00:04:30.000Z']);
      finishRun();
      await poller.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('npm start options', () => {
  it('takes flags over env vars, and ports for each stand-in', () => {
    const options = parseCliOptions(['--port', '0', '--kinesis-port', '9000'], {
      NEXUS_PORT: '4100',
      NEXUS_DATA_DIR: '/tmp/nx',
      NEXUS_S3_PORT: '9001',
      NEXUS_MODEL_ENDPOINT_PORT: '9080',
    });
    expect(options).toEqual({
      dataDir: '/tmp/nx',
      port: 0,
      standInPorts: { kinesis: 9000, s3: 9001 },
      modelServerUrl: undefined,
      modelEndpointPort: 9080,
    });
    expect(() => parseCliOptions(['--port', 'x'], {})).toThrow(/--port/);
    expect(() => parseCliOptions(['--model-endpoint-port', '70000'], {})).toThrow(/--model-endpoint-port/);
    expect(parseCliOptions(['--max-model-servers', '2'], { NEXUS_MAX_MODEL_SERVERS: '6' })).toMatchObject({
      maxModelServers: 2,
    });
    expect(parseCliOptions([], { NEXUS_MAX_MODEL_SERVERS: '6' })).toMatchObject({ maxModelServers: 6 });
    expect(() => parseCliOptions(['--max-model-servers', '0'], {})).toThrow(/--max-model-servers/);
  });
});
