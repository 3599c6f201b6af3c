/**
 * AuditLog contract: the in-memory twin and PostgresAuditLog must behave alike. The port only
 * writes, so each subject comes with a reader of what it stored (the twin's `entries`, the
 * `audit_log` table).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresAuditLog } from '../../shared/adapters/postgres/postgres-audit-log';
import type { AuditEntry, AuditLog } from '../../shared/ports/audit-log';
import { InMemoryAuditLog } from '../support/twins/in-memory-audit-log';
import { type ContractStack, startContractStack } from './contract-stand-ins';

interface Subject {
  readonly log: AuditLog;
  /** A tenant's stored entries, oldest first. */
  read(tenantId: string): Promise<AuditEntry[]>;
}

/** Defines the AuditLog behaviours once; each subject runs all of them. */
function describeContract(name: string, makeSubject: () => Subject): void {
  describe(`AuditLog contract: ${name}`, () => {
    let s: Subject;
    let tenant: string;
    beforeEach(() => {
      s = makeSubject();
      tenant = randomUUID();
    });

    it('stores an entry with its actor, action, target and details', async () => {
      // Arrange
      const entry: AuditEntry = {
        tenantId: tenant,
        actor: `key:${randomUUID()}`,
        action: 'dataset.schema-changed',
        target: 'orders',
        details: { version: 2, fields: 7, nested: { names: ['a', 'é', '"q"'], ok: true, none: null } },
      };

      // Act
      await s.log.record(entry);

      // Assert
      expect(await s.read(tenant)).toEqual([entry]);
    });

    it('stores an entry without details as one with no details', async () => {
      await s.log.record({ tenantId: tenant, actor: 'system', action: 'api-key.created', target: 'k1' });

      const [stored, ...rest] = await s.read(tenant);

      expect(rest).toEqual([]);
      expect(stored).toMatchObject({
        tenantId: tenant,
        actor: 'system',
        action: 'api-key.created',
        target: 'k1',
      });
      expect(stored?.details ?? {}).toEqual({});
    });

    it('appends: the same change recorded twice is stored twice, in order', async () => {
      const first: AuditEntry = {
        tenantId: tenant,
        actor: 'system',
        action: 'model.promoted',
        target: 'm/1',
      };
      const second: AuditEntry = { ...first, details: { again: true } };

      await s.log.record(first);
      await s.log.record(second);
      await s.log.record(first);

      const stored = await s.read(tenant);
      expect(stored.map((e) => e.details?.['again'] ?? false)).toEqual([false, true, false]);
      expect(stored.map((e) => e.action)).toEqual(['model.promoted', 'model.promoted', 'model.promoted']);
    });

    it('keeps each entry under its own tenant', async () => {
      const other = randomUUID();

      await s.log.record({ tenantId: tenant, actor: 'system', action: 'a', target: 'mine' });
      await s.log.record({ tenantId: other, actor: 'system', action: 'a', target: 'theirs' });

      expect((await s.read(tenant)).map((e) => e.target)).toEqual(['mine']);
      expect((await s.read(other)).map((e) => e.target)).toEqual(['theirs']);
    });

    it('keeps every one of many concurrent entries', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          s.log.record({ tenantId: tenant, actor: 'system', action: 'bulk', target: `t${i}` }),
        ),
      );

      const targets = (await s.read(tenant)).map((e) => e.target).sort();
      expect(targets).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`).sort());
    });
  });
}

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['postgres'], { dataApi: true });
});
afterAll(async () => {
  await stack?.stop();
});

function started(): ContractStack {
  if (!stack) throw new Error('the stand-ins did not start');
  return stack;
}

describeContract('InMemoryAuditLog (twin)', () => {
  const log = new InMemoryAuditLog();
  return { log, read: async (tenantId) => log.entries.filter((e) => e.tenantId === tenantId) };
});

describeContract('PostgresAuditLog on embedded Postgres', () => {
  const { pool } = started().runtime;
  return {
    log: new PostgresAuditLog(pool),
    async read(tenantId) {
      const { rows } = await pool.query<AuditEntry & { details: Record<string, unknown> }>(
        `SELECT tenant_id AS "tenantId", actor, action, target, details
         FROM audit_log WHERE tenant_id = $1 ORDER BY id`,
        [tenantId],
      );
      return rows;
    },
  };
});

describeContract('PostgresAuditLog over the RDS Data API', () => {
  const { dataApi, runtime } = started();
  if (!dataApi) throw new Error('the Data API stand-in did not start');
  return {
    log: new PostgresAuditLog(dataApi.pool),
    // Read back through pg: what the Data API wrote must be what pg reads.
    async read(tenantId) {
      const { rows } = await runtime.pool.query<AuditEntry & { details: Record<string, unknown> }>(
        `SELECT tenant_id AS "tenantId", actor, action, target, details
         FROM audit_log WHERE tenant_id = $1 ORDER BY id`,
        [tenantId],
      );
      return rows;
    },
  };
});
