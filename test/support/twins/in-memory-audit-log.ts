/** In-memory twin of the AuditLog port. */
import type { AuditEntry, AuditLog } from '../../../shared/ports/audit-log';

export class InMemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }
}
