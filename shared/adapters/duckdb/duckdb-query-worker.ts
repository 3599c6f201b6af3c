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
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
