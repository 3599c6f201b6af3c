/**
 * The EventBridge Scheduler stand-in: the REST API the SDK's SchedulerClient speaks (create,
 * update, get, delete a schedule) on 127.0.0.1, and a clock that fires each enabled schedule's
 * target: `cron(...)` in its IANA zone with EventBridge's daylight-saving rules (the report
 * domain's nextRuns), and `at(...)` once (at once when already past). The flexible window is not
 * simulated: a run fires at its scheduled minute. Schedules persist in `<dir>/schedules.json`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { nextRunAt } from '../../../shared/domain/reports/report-cron';
import { localAccountId, localHost, localRegion } from '../resources';
import { closeHttpServer, listen } from './running-server';

export interface StoredSchedule {
  readonly Name: string;
  readonly GroupName: string;
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone?: string;
  readonly State?: 'ENABLED' | 'DISABLED';
  readonly ActionAfterCompletion?: 'NONE' | 'DELETE';
  readonly Target: { readonly Arn: string; readonly RoleArn: string; readonly Input?: string };
  readonly [key: string]: unknown;
}

/** One firing: the target and its input with the context attributes filled in. */
export interface ScheduleFiring {
  readonly scheduleArn: string;
  readonly targetArn: string;
  readonly input: string;
  readonly scheduledTime: string;
}

export interface SchedulerStandIn {
  readonly endpoint: string;
  /** Every schedule, by `group/name`. */
  schedules(): ReadonlyMap<string, StoredSchedule>;
  stop(): Promise<void>;
}

export interface SchedulerStandInOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Holds schedules.json. */
  readonly dir: string;
  readonly onFire: (firing: ScheduleFiring) => void;
  readonly now?: () => Date;
}

const maxTimerMs = 2 ** 31 - 1;

/** `cron(m h dom mon dow year)` back to the 5-field cron (Sunday 1 in EventBridge, 0 in cron). */
export function fiveFieldCron(expression: string): string {
  const fields = /^cron\((.+)\)$/.exec(expression)?.[1]?.trim().split(/\s+/);
  if (fields?.length !== 6) throw new RangeError(`not a cron() expression: ${expression}`);
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const days = dow === '?' ? '*' : dow.replace(/\d+/g, (d) => String(Number(d) - 1));
  return `${minute} ${hour} ${dom === '?' ? '*' : dom} ${month} ${days}`;
}

/** The next time the schedule fires after `after`, or null. */
export function nextFiring(schedule: StoredSchedule, after: Date): Date | null {
  if (schedule.State === 'DISABLED') return null;
  const timezone = schedule.ScheduleExpressionTimezone ?? 'UTC';
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(schedule.ScheduleExpression)?.[1];
  if (at) {
    if (timezone !== 'UTC') throw new RangeError('the stand-in reads at() in UTC only');
    return new Date(`${at}Z`);
  }
  return nextRunAt({ cron: fiveFieldCron(schedule.ScheduleExpression), timezone }, after);
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ Message: message }));
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function startSchedulerStandIn(options: SchedulerStandInOptions): Promise<SchedulerStandIn> {
  const now = options.now ?? (() => new Date());
  const file = path.join(options.dir, 'schedules.json');
  await mkdir(options.dir, { recursive: true });
  const schedules = new Map<string, StoredSchedule>(
    Object.entries(
      JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Record<string, StoredSchedule>,
    ),
  );
  const timers = new Map<string, NodeJS.Timeout>();
  const arnOf = (s: StoredSchedule) =>
    `arn:aws:scheduler:${localRegion}:${localAccountId}:schedule/${s.GroupName}/${s.Name}`;
  let saving = Promise.resolve();
  const save = () => {
    const snapshot = JSON.stringify(Object.fromEntries(schedules), null, 2);
    saving = saving.then(() => writeFile(file, snapshot)).catch(() => {});
  };

  const disarm = (key: string) => {
    clearTimeout(timers.get(key));
    timers.delete(key);
  };
  const arm = (key: string, after: Date) => {
    disarm(key);
    const schedule = schedules.get(key);
    const next = schedule ? nextFiring(schedule, after) : null;
    if (!schedule || !next) return;
    const wait = Math.max(0, next.getTime() - now().getTime());
    const timer = setTimeout(
      () => {
        timers.delete(key);
        if (wait > maxTimerMs) return arm(key, after);
        const scheduledTime = `${next.toISOString().slice(0, 19)}Z`;
        options.onFire({
          scheduleArn: arnOf(schedule),
          targetArn: schedule.Target.Arn,
          input: (schedule.Target.Input ?? '{}').replaceAll('<aws.scheduler.scheduled-time>', scheduledTime),
          scheduledTime,
        });
        if (schedule.ActionAfterCompletion === 'DELETE' || schedule.ScheduleExpression.startsWith('at(')) {
          if (schedule.ActionAfterCompletion === 'DELETE') schedules.delete(key);
          save();
          return;
        }
        arm(key, next);
      },
      Math.min(wait, maxTimerMs),
    );
    timers.set(key, timer);
  };
  for (const key of schedules.keys()) arm(key, now());

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://scheduler');
    const name = /^\/schedules\/([^/]+)$/.exec(url.pathname)?.[1];
    if (!name)
      return sendError(res, 404, 'UnknownOperationException', `no route ${req.method} ${url.pathname}`);
    const scheduleName = decodeURIComponent(name);
    void (async () => {
      const input = req.method === 'POST' || req.method === 'PUT' ? await body(req) : {};
      const group = String(input.GroupName ?? url.searchParams.get('groupName') ?? 'default');
      const key = `${group}/${scheduleName}`;
      const existing = schedules.get(key);
      if (req.method === 'POST' && existing)
        return sendError(res, 409, 'ConflictException', `Schedule ${scheduleName} already exists.`);
      if (!existing && req.method !== 'POST')
        return sendError(res, 404, 'ResourceNotFoundException', `Schedule ${scheduleName} does not exist.`);
      switch (existing ? req.method : 'POST') {
        case 'POST':
        case 'PUT': {
          const schedule = { ...input, Name: scheduleName, GroupName: group } as StoredSchedule;
          try {
            nextFiring(schedule, now());
          } catch (error) {
            return sendError(res, 400, 'ValidationException', String(error));
          }
          schedules.set(key, schedule);
          save();
          arm(key, now());
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ ScheduleArn: arnOf(schedule) }));
        }
        case 'GET':
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ ...existing, Arn: existing && arnOf(existing) }));
        case 'DELETE':
          schedules.delete(key);
          disarm(key);
          save();
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end('{}');
        default:
          return sendError(res, 405, 'UnknownOperationException', `no route ${req.method}`);
      }
    })().catch((error: unknown) => sendError(res, 500, 'InternalServerException', String(error)));
  });
  await listen(server, options.port, localHost);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    endpoint: `http://${localHost}:${port}`,
    schedules: () => schedules,
    async stop() {
      for (const key of [...timers.keys()]) disarm(key);
      await closeHttpServer(server);
      await saving;
    },
  };
}
