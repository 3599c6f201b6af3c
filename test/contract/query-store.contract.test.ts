/** QueryStore contract: the in-memory twin and PostgresQueryStore must behave alike. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QueryRecord, QueryStore } from '../../shared/ports/query-store';
import { queryStore, tenantDirectory } from '../../shared/runtime/metadata-stores';
import { InMemoryQueryStore } from '../support/twins/in-memory-query-store';
import { type ContractStack, startContractStack } from './contract-stand-ins';

interface Subject {
  readonly store: QueryStore;
  /** A tenant no other test uses (a real row where the adapter needs one). */
  newTenant(): Promise<string>;
}

/**
 * Defines the QueryStore behaviours once; each subject runs all of them.
 * Left out because the subjects disagree:
 * - a patch with `engineExecutionId: undefined` spelled out: Postgres keeps the stored id, the
 *   twin's spread erases it (the port's optional field reads as "not given").
 */
function describeContract(name: string, makeSubject: () => Subject): void {
  describe(`QueryStore contract: ${name}`, () => {
    let s: Subject;
    let tenant: string;
    const queued = (tenantId: string, extra: Partial<QueryRecord> = {}): QueryRecord => ({
      id: randomUUID(),
      tenantId,
      sql: "SELECT name, count(*) AS n FROM events WHERE name <> 'it''s' GROUP BY name",
      status: 'QUEUED',
      createdAt: '2026-11-27T10:15:30.123Z',
      ...extra,
    });
    beforeEach(async () => {
      s = makeSubject();
      tenant = await s.newTenant();
    });

    it('finds a created query as it was created', async () => {
      const record = queued(tenant);

      await s.store.create(record);

      expect(await s.store.find(tenant, record.id)).toEqual(record);
    });

    it('keeps an execution id and an error given at creation', async () => {
      const record = queued(tenant, {
        status: 'FAILED',
        engineExecutionId: 'exec-1',
        error: { code: 'QUERY_FAILED', message: 'boom' },
      });

      await s.store.create(record);

      expect(await s.store.find(tenant, record.id)).toEqual(record);
    });

    it('finds nothing for an id that was never created', async () => {
      expect(await s.store.find(tenant, randomUUID())).toBeNull();
    });

    it("hides a tenant's query from every other tenant", async () => {
      const other = await s.newTenant();
      const record = queued(tenant);
      await s.store.create(record);

      expect(await s.store.find(other, record.id)).toBeNull();
    });

    it('records the engine execution and the progress of a query', async () => {
      // Arrange
      const record = queued(tenant);
      await s.store.create(record);

      // Act
      await s.store.update(tenant, record.id, { status: 'RUNNING', engineExecutionId: 'exec-42' });
      const running = await s.store.find(tenant, record.id);
      await s.store.update(tenant, record.id, { status: 'SUCCEEDED' });
      const done = await s.store.find(tenant, record.id);

      // Assert
      expect(running).toEqual({ ...record, status: 'RUNNING', engineExecutionId: 'exec-42' });
      expect(done).toEqual({ ...record, status: 'SUCCEEDED', engineExecutionId: 'exec-42' });
    });

    it('records why a query failed', async () => {
      const record = queued(tenant);
      await s.store.create(record);

      await s.store.update(tenant, record.id, {
        status: 'FAILED',
        error: { code: 'QUERY_NOT_STARTED', message: 'The query could not be started' },
      });

      expect(await s.store.find(tenant, record.id)).toEqual({
        ...record,
        status: 'FAILED',
        error: { code: 'QUERY_NOT_STARTED', message: 'The query could not be started' },
      });
    });

    it("does not let another tenant update a tenant's query", async () => {
      const other = await s.newTenant();
      const record = queued(tenant);
      await s.store.create(record);

      await s.store.update(other, record.id, {
        status: 'CANCELLED',
        engineExecutionId: 'x',
        error: { code: 'Y', message: 'y' },
      });

      expect(await s.store.find(tenant, record.id)).toEqual(record);
      expect(await s.store.find(other, record.id)).toBeNull();
    });

    it('refuses a second create with an existing id, even from another tenant', async () => {
      const record = queued(tenant);
      await s.store.create(record);
      const other = await s.newTenant();

      await expect(s.store.create({ ...queued(other), id: record.id })).rejects.toThrow();

      expect(await s.store.find(tenant, record.id)).toEqual(record);
    });

    it('ignores an update of a query that does not exist', async () => {
      const id = randomUUID();

      await expect(s.store.update(tenant, id, { status: 'RUNNING' })).resolves.toBeUndefined();

      expect(await s.store.find(tenant, id)).toBeNull();
    });

    it('leaves what a patch does not name as it was', async () => {
      const record = queued(tenant, { engineExecutionId: 'exec-7' });
      await s.store.create(record);

      await s.store.update(tenant, record.id, {
        status: 'FAILED',
        error: { code: 'QUERY_TIMEOUT', message: 'Timed out' },
      });
      await s.store.update(tenant, record.id, { status: 'CANCELLED' });

      expect(await s.store.find(tenant, record.id)).toEqual({
        ...record,
        status: 'CANCELLED',
        engineExecutionId: 'exec-7',
        error: { code: 'QUERY_TIMEOUT', message: 'Timed out' },
      });
    });

    it("keeps one tenant's queries apart from another's", async () => {
      const other = await s.newTenant();
      const mine = queued(tenant, { sql: 'SELECT 1' });
      const theirs = queued(other, { sql: 'SELECT 2' });

      await s.store.create(mine);
      await s.store.create(theirs);
      await s.store.update(other, theirs.id, { status: 'RUNNING', engineExecutionId: 'exec-theirs' });

      expect(await s.store.find(tenant, mine.id)).toEqual(mine);
      expect(await s.store.find(other, theirs.id)).toMatchObject({ sql: 'SELECT 2', status: 'RUNNING' });
    });
  });
}

let stack: ContractStack | undefined;
beforeAll(async () => {
  stack = await startContractStack(['postgres']);
});
afterAll(async () => {
  await stack?.stop();
});

function started(): ContractStack {
  if (!stack) throw new Error('the stand-ins did not start');
  return stack;
}

describeContract('InMemoryQueryStore (twin)', () => ({
  store: new InMemoryQueryStore(),
  newTenant: async () => randomUUID(),
}));

describeContract('PostgresQueryStore on embedded Postgres', () => {
  const { runtime } = started();
  return {
    store: queryStore(runtime),
    newTenant: async () => (await tenantDirectory(runtime).createTenant('contract')).tenantId,
  };
});
