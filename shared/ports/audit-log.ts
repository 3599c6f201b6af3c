/** Port for the append-only audit log of administrative changes. */
export interface AuditEntry {
  readonly tenantId: string;
  /** Who acted: `key:<keyId>` or `system`. */
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly details?: Record<string, unknown>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}
