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
export const pageRows = { range: 1_000, definitions: 100, schemas: 20 } as const;

/**
 * Keyset on (created_at, id) of alias `a`, exact to the microsecond (a JS Date would cut it to
 * the millisecond and repeat or skip rows): select `createdCursor(a)`, page `afterCreated(a, n)`
 * with `$n` the cursor (null for the first page) and `$n+1` the id.
 */
export const createdCursor = (a: string) =>
  `(extract(epoch FROM ${a}.created_at) * 1000000)::bigint::text AS page_us`;
export const afterCreated = (a: string, n: number) =>
  `($${n}::bigint IS NULL OR ((extract(epoch FROM ${a}.created_at) * 1000000)::bigint, ${a}.id) > ($${n}::bigint, $${n + 1}::uuid))`;

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
