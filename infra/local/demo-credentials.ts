/** Creates the demo tenant and API key on first start and remembers them in `<dataDir>/local.json`. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDemoTenant } from '../../shared/adapters/postgres/demo-tenant';

export interface LocalInfo {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly tenantId: string;
  /** The platform operator's key: manages tenants, their limits and the model registry. */
  readonly operatorKey: string;
}

export function localInfoFile(dataDir: string): string {
  return path.join(dataDir, 'local.json');
}

async function readLocalInfo(dataDir: string): Promise<LocalInfo | undefined> {
  try {
    const parsed = JSON.parse(await readFile(localInfoFile(dataDir), 'utf8')) as Partial<LocalInfo>;
    if (
      typeof parsed.apiKey === 'string' &&
      typeof parsed.tenantId === 'string' &&
      typeof parsed.operatorKey === 'string'
    ) {
      return {
        apiUrl: parsed.apiUrl ?? '',
        apiKey: parsed.apiKey,
        tenantId: parsed.tenantId,
        operatorKey: parsed.operatorKey,
      };
    }
  } catch {
    // missing or unreadable: a new demo tenant is created
  }
  return undefined;
}

/**
 * The key is stored hashed only, so it can be shown once: reuse local.json when the database is
 * the one it was created in, else (first start, or a re-initialised database) create a new tenant.
 */
export async function demoCredentials(
  dataDir: string,
  databaseUrl: string,
  databaseIsNew: boolean,
): Promise<{ apiKey: string; tenantId: string; operatorKey: string; created: boolean }> {
  const known = databaseIsNew ? undefined : await readLocalInfo(dataDir);
  if (known) return { ...known, created: false };
  const { apiKey, tenantId, operatorKey } = await createDemoTenant(databaseUrl);
  return { apiKey, tenantId, operatorKey, created: true };
}

export async function writeLocalInfo(dataDir: string, info: LocalInfo): Promise<void> {
  await writeFile(localInfoFile(dataDir), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}
