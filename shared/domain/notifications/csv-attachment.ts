/**
 * A query result as a CSV file for an email attachment: RFC 4180 quoting (csv-stringify), UTF-8
 * with a BOM so spreadsheet apps read accents right, and cells that a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`, tab, CR) prefixed with `'`, since the values are tenants' data.
 */
import { stringify } from 'csv-stringify/sync';
import type { TableCell } from './email-document';

const formulaStart = /^[=+\-@\t\r]/;

function safeCell(cell: TableCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = String(cell);
  return formulaStart.test(text) ? `'${text}` : text;
}

export function csvAttachment(
  filename: string,
  columns: readonly string[],
  rows: readonly (readonly TableCell[])[],
): { readonly filename: string; readonly contentType: string; readonly content: Uint8Array } {
  const text = stringify(
    [columns.map(safeCell), ...rows.map((r) => columns.map((_, i) => safeCell(r[i] ?? null)))],
    {
      record_delimiter: 'windows',
      // With CRLF records csv-stringify would leave a lone LF unquoted, splitting the row.
      quoted_match: /[\r\n]/,
    },
  );
  return {
    filename,
    contentType: 'text/csv; charset=utf-8',
    content: new TextEncoder().encode(`\uFEFF${text}`),
  };
}
