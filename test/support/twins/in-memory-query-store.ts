/** In-memory twin of the QueryStore port: a tenant sees only its own queries. */
import type { QueryError, QueryStatus } from '../../../shared/ports/query-engine';
import type { QueryRecord, QueryStore } from '../../../shared/ports/query-store';

export class InMemoryQueryStore implements QueryStore {
  readonly records = new Map<string, QueryRecord>();
  readonly updates: { id: string; status: QueryStatus; engineExecutionId?: string; error?: QueryError }[] =
    [];

  async create(record: QueryRecord): Promise<void> {
    // As the table's primary key: an existing id is refused, never overwritten (even another tenant's).
    if (this.records.has(record.id)) throw new Error(`query ${record.id} already exists`);
    this.records.set(record.id, record);
  }

  async find(tenantId: string, id: string): Promise<QueryRecord | null> {
    const record = this.records.get(id);
    return record && record.tenantId === tenantId ? record : null;
  }

  async update(
    tenantId: string,
    id: string,
    patch: { status: QueryStatus; engineExecutionId?: string; error?: QueryError },
  ): Promise<void> {
    const record = await this.find(tenantId, id);
    if (!record) return;
    this.updates.push({ id, ...patch });
    this.records.set(id, { ...record, ...patch });
  }
}
