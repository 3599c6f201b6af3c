/** Test function for function threads: reports where it ran, fails or crashes on request. */
import { threadId } from 'node:worker_threads';
import type { Context } from 'aws-lambda';

export async function handler(
  event: { readonly action?: 'fail' | 'crash' },
  context: Context,
): Promise<{ threadId: number; functionName: string; remainingMs: number; probe: string | undefined }> {
  if (event.action === 'fail') throw new RangeError('the probe failed as asked');
  if (event.action === 'crash') {
    // An error nobody awaits, as a stray callback's would be: it ends the thread.
    setTimeout(() => {
      throw new Error('the probe crashed as asked');
    }, 0);
    return new Promise(() => {});
  }
  return {
    threadId,
    functionName: context.functionName,
    remainingMs: context.getRemainingTimeInMillis(),
    probe: process.env.NEXUS_THREAD_PROBE,
  };
}
