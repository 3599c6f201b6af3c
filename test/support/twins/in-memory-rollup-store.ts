/** In-memory twin of the RollupStore port: cells keyed like DynamoDB's, each token taken once per cell. */
import {
  emptyCell,
  fromStoredCell,
  mergeCells,
  toStoredCell,
} from '../../../shared/domain/metrics/rollup-cell';
import type { RollupDelta, RollupStore, StoredRollup } from '../../../shared/ports/rollup-store';

interface Entry {
  readonly stored: StoredRollup;
  readonly tokens: Set<string>;
}

export class InMemoryRollupStore implements RollupStore {
  private readonly cells = new Map<string, Entry>();
  /** Every `apply` call's cell count, to check that a batch writes once per cell. */
  readonly applyCalls: number[] = [];

  async apply(tenantId: string, token: string, deltas: readonly RollupDelta[]) {
    this.applyCalls.push(deltas.length);
    let applied = 0;
    for (const delta of deltas) {
      const key = `${tenantId}\n${delta.metricId}\n${delta.version}\n${delta.minute}\n${JSON.stringify(delta.dims)}`;
      const entry = this.cells.get(key);
      if (entry?.tokens.has(token)) continue;
      // Through the stored form, as the adapter does, so sketches survive (de)serialisation.
      const cell = entry ? fromStoredCell(toStoredCell(entry.stored.cell)) : emptyCell('count');
      mergeCells(cell, delta.cell);
      const { cell: _, ...ref } = delta;
      this.cells.set(key, { stored: { ...ref, cell }, tokens: new Set([...(entry?.tokens ?? []), token]) });
      applied++;
    }
    return { applied, skipped: deltas.length - applied };
  }

  async read(tenantId: string, metricId: string, version: number, from: number, to: number) {
    const prefix = `${tenantId}\n${metricId}\n${version}\n`;
    return [...this.cells.entries()]
      .filter(([key, e]) => key.startsWith(prefix) && e.stored.minute >= from && e.stored.minute < to)
      .map(([, e]) => ({ ...e.stored, cell: fromStoredCell(toStoredCell(e.stored.cell)) }))
      .sort((a, b) => a.minute - b.minute);
  }
}
