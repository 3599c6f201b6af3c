import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeBootstrapPlatformHandler } from '../../../../../functions/platform/bootstrap-platform/bootstrap-platform';
import { InMemoryAuditLog } from '../../../../support/twins/in-memory-audit-log';
import { InMemorySecretStore } from '../../../../support/twins/in-memory-secret-store';
import { InMemoryTenantDirectory } from '../../../../support/twins/in-memory-tenant-directory';

const secretId = 'nexus-dev/bootstrap-credentials';

function setUp() {
  const lines: string[] = [];
  const logger = new Logger({ serviceName: 'bootstrap-platform', logLevel: 'DEBUG' });
  // Powertools writes through its own Console on process.stdout/stderr.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  }
  const secrets = new InMemorySecretStore().create(secretId);
  const directory = new InMemoryTenantDirectory();
  const handler = makeBootstrapPlatformHandler({
    directory,
    audit: new InMemoryAuditLog(),
    secrets,
    secretId,
    logger,
  });
  return { handler, secrets, directory, lines };
}

describe('bootstrap-platform handler', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('names the tenant from the invocation, and neither returns nor logs a key', async () => {
    const { handler, secrets, directory, lines } = setUp();

    const result = await handler({ tenantName: 'Acme' });

    const stored = JSON.parse(secrets.secrets.get(secretId) ?? '{}') as Record<string, string>;
    expect(result).toMatchObject({ created: true, secretId });
    expect((await directory.listTenants()).map((t) => t.name)).toEqual(['Acme']);
    const output = `${JSON.stringify(result)}\n${lines.join('\n')}`;
    for (const key of [stored.operatorKey, stored.tenantAdminKey]) {
      expect(key).toMatch(/\S{20,}/);
      expect(output).not.toContain(key);
    }
    expect(lines.join('\n')).toContain('platform bootstrapped');
  });

  it('defaults the tenant name for a Trigger event and is a no-op the second time', async () => {
    const { handler, directory } = setUp();

    await handler({ RequestType: 'Create' });
    const second = await handler({ RequestType: 'Update' });

    expect(second).toEqual({ created: false, secretId });
    expect((await directory.listTenants()).map((t) => t.name)).toEqual(['First tenant']);
  });
});
