/** Reads the M4 competition's published per-method, per-frequency scores (`Point_Forecasts-Frequency.csv`). */

/** Published sMAPE, MASE and OWA of one method for one frequency. */
export interface PublishedM4Score {
  readonly smape: number;
  readonly mase: number;
  readonly owa: number;
}

function cells(line: string): string[] {
  // The file quotes only a few names; none of the quoted cells contains a comma-quote pair.
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/**
 * Parses the two header rows (measure groups `sMAPE`/`MASE`/`OWA`, then frequency names) and
 * returns, per method name (first cell of each row), its score for `frequency` (e.g. `Hourly`).
 * The first row of a method name wins (the file lists the benchmarks twice).
 */
export function parsePublishedM4Scores(text: string, frequency: string): Map<string, PublishedM4Score> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const groups = cells(lines[0] ?? '');
  const names = cells(lines[1] ?? '');
  let group = '';
  const column: Record<string, number> = {};
  names.forEach((name, i) => {
    if ((groups[i] ?? '') !== '') group = groups[i] ?? '';
    if (name.toLowerCase() === frequency.toLowerCase()) column[group] = i;
  });
  const result = new Map<string, PublishedM4Score>();
  const sCol = column['sMAPE'];
  const mCol = column['MASE'];
  const oCol = column['OWA'];
  if (sCol === undefined || mCol === undefined || oCol === undefined) return result;
  for (const line of lines.slice(2)) {
    const row = cells(line);
    const method = row[0] ?? '';
    if (method === '' || result.has(method)) continue;
    result.set(method, { smape: Number(row[sCol]), mase: Number(row[mCol]), owa: Number(row[oCol]) });
  }
  return result;
}
