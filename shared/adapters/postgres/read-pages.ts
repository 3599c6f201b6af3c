/**
 * Reads every row of an ordered statement in pages (keyset: each page starts after the last row
 * of the one before), so no single result is unbounded: the RDS Data API refuses a response over
 * 1 MiB (README "Database access"). A page is one statement; a read of fewer rows than a page
 * costs the one statement it did before.
 */

/**
 * Rows per statement. Range reads (scores, forecasts: ~10 columns of numbers, a short reasons
 * list) are ~0.4 KB a row on the Data API's wire (each value a typed JSON field): 1,000 rows
 * ~400 KB. Definitions (a metric, an alert, a report: specs as JSON, recipient lists) can reach a
 * few KB a row: 100 rows stay under ~0.5 MB up to 5 KB a row.
 */
export const pageRows = { range: 1_000, definitions: 100 } as const;

export async function readPages<R>(
  limit: number,
  page: (after: R | undefined, limit: number) => Promise<readonly R[]>,
): Promise<R[]> {
  const all: R[] = [];
  for (let after: R | undefined; ; ) {
    const rows = await page(after, limit);
    all.push(...rows);
    if (rows.length < limit) return all;
    after = rows.at(-1);
  }
}
