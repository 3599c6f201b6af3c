import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { startFunctionThread } from '../../../infra/local/function-thread';
import { invokeHandler } from '../../../infra/local/lambda-runtime';
import type { FunctionSpec } from '../../../shared/topology';

const spec: FunctionSpec = {
  name: 'thread-probe',
  entry: 'test/support/local/thread-probe.ts',
  domain: 'reporting',
  description: 'test',
  memoryMb: 128,
  timeoutSeconds: 30,
  needs: [],
};

describe('function thread (a scheduled function sandbox)', () => {
  const logged: string[] = [];
  const thread = startFunctionThread(spec, { NEXUS_THREAD_PROBE: 'own env' }, (line) => logged.push(line));
  afterAll(() => thread.stop());

  it('runs the handler in a thread of its own, with its environment and a Lambda context', async () => {
    const result = (await invokeHandler(spec, thread.handler, {})) as Record<string, unknown>;
    expect(result.threadId).not.toBe(threadId);
    expect(result).toMatchObject({ functionName: 'nexus-local-thread-probe', probe: 'own env' });
    expect(result.remainingMs).toBeGreaterThan(0);
    expect(result.remainingMs).toBeLessThanOrEqual(30_000);
  });

  it("rejects with the handler's error, and the thread keeps serving", async () => {
    const failed = invokeHandler(spec, thread.handler, { action: 'fail' });
    await expect(failed).rejects.toThrow('the probe failed as asked');
    await expect(failed).rejects.toMatchObject({ name: 'RangeError' });
    const again = (await invokeHandler(spec, thread.handler, {})) as Record<string, unknown>;
    expect(again.probe).toBe('own env');
  });

  it('fails the invocation a crash ends, logs it, and starts a fresh thread for the next one', async () => {
    const before = (await invokeHandler(spec, thread.handler, {})) as Record<string, unknown>;
    await expect(invokeHandler(spec, thread.handler, { action: 'crash' })).rejects.toThrow(
      'the probe crashed as asked',
    );
    expect(logged.join('\n')).toContain('the probe crashed as asked');
    const after = (await invokeHandler(spec, thread.handler, {})) as Record<string, unknown>;
    expect(after.threadId).not.toBe(before.threadId);
  });

  it('refuses invocations once stopped', async () => {
    await thread.stop();
    await expect(invokeHandler(spec, thread.handler, {})).rejects.toThrow(/stopping/);
  });
});
