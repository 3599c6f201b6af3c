/**
 * A pool of worker processes that run DuckDB queries out of the caller's process (locally: out
 * of the API gateway), so a runaway query costs its worker, never the API. Scheduling is fair
 * between tenants: a tenant runs at most its `concurrentQueries` at once and queues the rest;
 * a free worker takes the oldest waiting job of a tenant under its limit, so one tenant's
 * backlog never holds another tenant's query back.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { queryLimitCodes } from '../../domain/query/query-limits';
import type { QueryJob, QueryJobResult } from './duckdb-query-job';

const workerEntry = fileURLToPath(new URL('./duckdb-query-worker.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Grace after a job's own timeout before its worker is killed (a stuck native call). */
const killGraceMs = 5_000;

export interface PoolJob {
  readonly tenantId: string;
  readonly concurrentQueries: number;
  readonly job: QueryJob;
}

interface Waiting extends PoolJob {
  readonly resolve: (result: QueryJobResult) => void;
  onStart?: (() => void) | undefined;
}

interface Worker {
  readonly process: ChildProcess;
  busy?: { readonly id: number; readonly waiting: Waiting; readonly killer: NodeJS.Timeout } | undefined;
  /** Set when the pool killed the worker for outliving its query's timeout. */
  overran?: boolean;
}

export class DuckDbWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly queue: Waiting[] = [];
  private readonly running = new Map<string, number>();
  private nextId = 1;
  private closed = false;

  /** @param size workers, i.e. queries running at once across all tenants (at least 3 locally). */
  constructor(private readonly size = 3) {}

  /** Jobs of the tenant waiting for a worker. */
  queued(tenantId: string): number {
    return this.queue.filter((w) => w.tenantId === tenantId).length;
  }

  /** Runs the job when a worker and the tenant's limit allow; `onStart` fires when it leaves the queue. */
  run(job: PoolJob, onStart?: () => void): Promise<QueryJobResult> {
    return new Promise((resolve) => {
      this.queue.push({ ...job, resolve, onStart });
      this.dispatch();
    });
  }

  close(): void {
    this.closed = true;
    for (const worker of this.workers) worker.process.kill('SIGKILL');
    this.workers.length = 0;
  }

  private spawn(): Worker {
    const child = fork(workerEntry, [], {
      execArgv: ['--import', tsxLoader, '--max-old-space-size=1536'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // The pool never keeps its owner alive: an idle worker is not a reason to stay up.
    child.unref();
    child.channel?.unref();
    const worker: Worker = { process: child };
    child.on('message', (message: { id?: number; result?: QueryJobResult }) => {
      if (worker.busy && message.id === worker.busy.id && message.result) this.finish(worker, message.result);
    });
    child.once('exit', () => {
      const index = this.workers.indexOf(worker);
      if (index >= 0) this.workers.splice(index, 1);
      // A worker that dies mid-query (killed over time, or out of memory) fails that query only.
      if (worker.busy) {
        const timeout = worker.overran === true;
        this.finish(worker, {
          status: 'FAILED',
          error: timeout
            ? { code: queryLimitCodes.timeout, message: 'The query ran longer than its time limit' }
            : {
                code: queryLimitCodes.memory,
                message: 'The query was stopped: it needed more memory than allowed',
              },
        });
      }
      this.dispatch();
    });
    this.workers.push(worker);
    return worker;
  }

  private finish(worker: Worker, result: QueryJobResult): void {
    const busy = worker.busy;
    if (!busy) return;
    clearTimeout(busy.killer);
    worker.busy = undefined;
    this.running.set(busy.waiting.tenantId, (this.running.get(busy.waiting.tenantId) ?? 1) - 1);
    if (worker.process.connected) worker.process.channel?.unref();
    busy.waiting.resolve(result);
    this.dispatch();
  }

  private dispatch(): void {
    if (this.closed) return;
    while (this.workers.length < this.size) this.spawn();
    for (const worker of this.workers) {
      if (worker.busy || !worker.process.connected) continue;
      const index = this.queue.findIndex((w) => (this.running.get(w.tenantId) ?? 0) < w.concurrentQueries);
      if (index < 0) return;
      const [waiting] = this.queue.splice(index, 1) as [Waiting];
      this.running.set(waiting.tenantId, (this.running.get(waiting.tenantId) ?? 0) + 1);
      const id = this.nextId++;
      const killer = setTimeout(() => {
        worker.overran = true;
        worker.process.kill('SIGKILL');
      }, waiting.job.timeoutMs + killGraceMs);
      killer.unref();
      worker.busy = { id, waiting, killer };
      // While a query runs, its answer is awaited: the channel keeps the owner alive until then.
      worker.process.channel?.ref();
      worker.process.send({ id, job: waiting.job });
      waiting.onStart?.();
    }
  }
}
