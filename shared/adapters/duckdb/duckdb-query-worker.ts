/** Entry of a query pool worker process: runs the jobs its parent sends, one at a time, and answers each. */
import { type QueryJob, runQueryJob } from './duckdb-query-job';

interface JobMessage {
  readonly id: number;
  readonly job: QueryJob;
}

process.on('message', (message: JobMessage) => {
  void runQueryJob(message.job).then((result) => process.send?.({ id: message.id, result }));
});
// Without a parent there is nobody to answer: a worker never outlives the pool.
// Orphaned (the pool's process died): exit(0) would wait in DuckDB's destructors for a running
// query to finish, leaving a worker spinning for minutes; SIGKILL is what the pool itself uses.
process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
process.send?.({ ready: true });
