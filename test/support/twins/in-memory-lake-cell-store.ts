/** In-memory twin of the LakeCellStore port: hours and late marks in maps, on a logical clock. */
import type {
  LakeCellRef,
  LakeCellStore,
  LakeHour,
  StoredLakeHour,
} from '../../../shared/ports/lake-cell-store';

export class InMemoryLakeCellStore implements LakeCellStore {
  private readonly hours = new Map<string, LakeHour & { computedAt: number }>();
  private readonly marks = new Map<string, number>();
  /** Ticks on every call, standing in for the database clock. */
  private tick = 0;
  /** Every write, to check what a read kept. */
  readonly writes: (readonly LakeHour[])[] = [];

  private now(): number {
    this.tick += 1;
    return this.tick;
  }

  async read(ref: LakeCellRef, from: number, to: number): Promise<{ hours: StoredLakeHour[]; asOf: string }> {
    const asOf = this.now();
    const prefix = `${ref.tenantId}\n${ref.metricId}\n${ref.version}\n`;
    const hours = [...this.hours]
      .filter(([key, h]) => key.startsWith(prefix) && h.hour >= from && h.hour < to)
      .map(([, { computedAt, ...h }]) => ({
        ...h,
        stale: (this.marks.get(`${ref.tenantId}\n${ref.dataset}\n${h.hour}`) ?? -1) >= computedAt,
      }))
      .sort((a, b) => a.hour - b.hour);
    return { hours, asOf: String(asOf) };
  }

  async write(ref: LakeCellRef, hours: readonly LakeHour[], computedAt: string): Promise<void> {
    this.writes.push(hours);
    for (const hour of hours) {
      const key = `${ref.tenantId}\n${ref.metricId}\n${ref.version}\n${hour.hour}`;
      const existing = this.hours.get(key);
      if (existing && existing.computedAt > Number(computedAt)) continue;
      this.hours.set(key, { ...hour, computedAt: Number(computedAt) });
    }
  }

  async markLate(tenantId: string, dataset: string, hours: readonly number[]): Promise<void> {
    const at = this.now();
    for (const hour of hours) this.marks.set(`${tenantId}\n${dataset}\n${hour}`, at);
  }
}
