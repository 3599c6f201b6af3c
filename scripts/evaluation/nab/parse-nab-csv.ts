/** Parses NAB's two-column CSV files (`timestamp,value` data and `timestamp,anomaly_score` results). */
import { ValidationError } from '../../../shared/domain/errors';
import { parseNabTimestamp } from './nab-timestamp';

export interface NabSeries {
  /** Epoch milliseconds, in file order. */
  readonly timestamps: readonly number[];
  /** The timestamps as written in the file (kept so results can be written back verbatim). */
  readonly rawTimestamps: readonly string[];
  /** The second column (`value` or `anomaly_score`). */
  readonly values: readonly number[];
}

/**
 * Parses a CSV whose first row is a header and whose first two columns are a timestamp and a
 * number (further columns, such as NAB's `label`, are ignored). Throws a {@link ValidationError}
 * naming the line of the first bad row.
 */
export function parseNabCsv(text: string, column = 1): NabSeries {
  const lines = text.split(/\r?\n/);
  const timestamps: number[] = [];
  const rawTimestamps: string[] = [];
  const values: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined || line.trim() === '') continue;
    const cells = line.split(',');
    const ts = cells[0] ?? '';
    const t = parseNabTimestamp(ts);
    const v = Number(cells[column]);
    if (!Number.isFinite(t) || cells[column] === undefined || !Number.isFinite(v)) {
      throw new ValidationError('INVALID_NAB_CSV', `Line ${i + 1} is not "timestamp,number".`, [
        { path: `line ${i + 1}`, message: line.slice(0, 80) },
      ]);
    }
    timestamps.push(t);
    rawTimestamps.push(ts);
    values.push(v);
  }
  return { timestamps, rawTimestamps, values };
}
