import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../../shared/runtime/config';

/** The names of the middleware on a fresh S3 client built with `env` in place (Tracer reads env once). */
async function s3Middleware(env: Record<string, string>): Promise<string[]> {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  const { s3Client } = await import('../../../../shared/runtime/clients/s3-client');
  return s3Client(loadConfig({ AWS_REGION: 'eu-west-1' })).middlewareStack.identify();
}

describe('traced SDK clients', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('adds the X-Ray middleware in Lambda with tracing on', async () => {
    const names = await s3Middleware({
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      POWERTOOLS_TRACE_ENABLED: 'true',
    });
    expect(names.some((n) => n.startsWith('XRaySDKInstrumentation'))).toBe(true);
  });

  it('leaves the client untouched when tracing is off (local runtime, tests)', async () => {
    const names = await s3Middleware({
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      POWERTOOLS_TRACE_ENABLED: 'false',
    });
    expect(names.some((n) => n.startsWith('XRaySDKInstrumentation'))).toBe(false);
  });
});
