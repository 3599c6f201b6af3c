/**
 * Precision and recall of flagged indices against labelled anomaly windows: a flag inside any
 * window is a true positive (several flags in one window all count as true), any other flag a
 * false one; an anomaly is detected when a flag falls in its window.
 */
import { type AnomalyKind, anomalyKinds, type KpiSeries } from './synthetic-kpis';

export interface KpiScore {
  readonly flags: number;
  readonly truePositives: number;
  readonly precision: number;
  readonly recall: Readonly<
    Record<AnomalyKind, { readonly detected: number; readonly total: number; readonly recall: number }>
  >;
}

export function scoreKpiDetections(
  series: readonly KpiSeries[],
  flagged: readonly (readonly number[])[],
): KpiScore {
  let flags = 0;
  let truePositives = 0;
  const counts = Object.fromEntries(anomalyKinds.map((k) => [k, { detected: 0, total: 0 }])) as Record<
    AnomalyKind,
    { detected: number; total: number }
  >;
  series.forEach((s, i) => {
    const indices = flagged[i] ?? [];
    flags += indices.length;
    truePositives += indices.filter((t) => s.anomalies.some((a) => t >= a.start && t < a.end)).length;
    for (const a of s.anomalies) {
      counts[a.kind].total++;
      if (indices.some((t) => t >= a.start && t < a.end)) counts[a.kind].detected++;
    }
  });
  const recall = Object.fromEntries(
    anomalyKinds.map((k) => [
      k,
      { ...counts[k], recall: counts[k].total === 0 ? Number.NaN : counts[k].detected / counts[k].total },
    ]),
  ) as KpiScore['recall'];
  return { flags, truePositives, precision: flags === 0 ? 1 : truePositives / flags, recall };
}
