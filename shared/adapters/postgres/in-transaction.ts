/** Runs statements on one pooled connection inside BEGIN/COMMIT, rolling back on any error. */
import type { SqlClient, SqlPool } from '../../ports/sql-pool';

export async function inTransaction<T>(pool: SqlPool, work: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
