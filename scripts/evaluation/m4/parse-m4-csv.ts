/** Parses the M4 dataset's wide CSV files (one series per row, padded with empty cells). */
import { ValidationError } from '../../../shared/domain/errors';

/** One M4 series by id (e.g. `H1`) with its values in time order. */
export interface M4Series {
  readonly id: string;
  readonly values: readonly number[];
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/**
 * Reads an optional `"V1","V2",...` header followed by rows `"H1","605","586",...,"",""`: the first cell is the id,
 * then the values until the first empty cell. Why hand-rolled: the cells never contain commas,
 * and 400 rows of 1000 numbers parse in milliseconds without a streaming parser.
 */
export function parseM4Csv(text: string): M4Series[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  // M4's files open with a `"V1","V2",...` header; the Tourism files in the same layout have none.
  const secondCell = unquote(lines[0]?.split(',')[1] ?? '');
  const hasHeader = secondCell !== '' && !Number.isFinite(Number(secondCell));
  return lines.slice(hasHeader ? 1 : 0).map((line, row) => {
    const cells = line.split(',').map(unquote);
    const id = cells[0] ?? '';
    const values: number[] = [];
    for (let i = 1; i < cells.length; i++) {
      const cell = cells[i] ?? '';
      if (cell === '' || cell === 'NA') break;
      const v = Number(cell);
      if (!Number.isFinite(v)) {
        throw new ValidationError('INVALID_M4_FILE', 'The M4 file has a non-numeric cell.', [
          { path: `[${row}][${i}]`, message: `expected a number, got "${cell}"` },
        ]);
      }
      values.push(v);
    }
    return { id, values };
  });
}
