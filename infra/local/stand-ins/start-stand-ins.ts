/** Starts and stops every AWS stand-in (Postgres, Kinesis, DynamoDB, S3, SES) on 127.0.0.1 under one data dir. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { localDynamoDbClient, localKinesisClient } from '../aws-clients';
import { consoleLog, type LogSink } from '../log';
import { localHost } from '../resources';
import { claimPort } from '../tcp-ports';
import { type StandInProcess, startStandInProcess } from './host-process';
import type { ObjectCreatedNotice, StandInKind } from './protocol';
import { ensureEventStream, ensureTables } from './provision';

export type { ObjectCreatedNotice } from './protocol';

export type StandInPorts = Record<StandInKind, number>;

/** The documented default ports; 0 for any of them picks a free port (tests). */
export const defaultStandInPorts: StandInPorts = {
  postgres: 5433,
  kinesis: 4567,
  dynamodb: 4568,
  s3: 4569,
  ses: 8005,
};

/** How a user changes each port: named in the port-taken error. */
export const standInPortSettings: Record<
  StandInKind,
  { readonly service: string; readonly flag: string; readonly env: string }
> = {
  postgres: { service: 'embedded PostgreSQL', flag: '--postgres-port', env: 'NEXUS_POSTGRES_PORT' },
  kinesis: { service: 'kinesalite (Kinesis)', flag: '--kinesis-port', env: 'NEXUS_KINESIS_PORT' },
  dynamodb: { service: 'dynalite (DynamoDB)', flag: '--dynamodb-port', env: 'NEXUS_DYNAMODB_PORT' },
  s3: { service: 's3rver (S3)', flag: '--s3-port', env: 'NEXUS_S3_PORT' },
  ses: { service: 'aws-ses-v2-local (SES)', flag: '--ses-port', env: 'NEXUS_SES_PORT' },
};

/** The default data dir, relative to the working directory (git-ignored). */
export const defaultDataDir = '.nexus';

export interface StandInsOptions {
  /** Directory for all stand-in state. @default `.nexus` */
  readonly dataDir?: string | undefined;
  /** Port overrides; 0 picks a free port. @default defaultStandInPorts */
  readonly ports?: Partial<StandInPorts> | undefined;
  readonly log?: LogSink;
}

export interface StandIns {
  /** Absolute data dir. */
  readonly dataDir: string;
  readonly ports: StandInPorts;
  readonly databaseUrl: string;
  /** True when this start ran initdb (so anything stored in the database before is gone). */
  readonly postgresFreshlyInitialised: boolean;
  /** HTTP endpoints of the AWS stand-ins. */
  readonly endpoints: {
    readonly kinesis: string;
    readonly dynamodb: string;
    readonly s3: string;
    readonly ses: string;
  };
  /** s3rver's files: `<lakeDir>/<bucket>/<key>._S3rver_object`. */
  readonly lakeDir: string;
  /** Subscribes to object-created events from s3rver; returns the unsubscribe function. */
  onObjectCreated(listener: (notice: ObjectCreatedNotice) => void): () => void;
  /** Stops every stand-in; safe to call more than once. */
  stop(): Promise<void>;
}

const kinds: readonly StandInKind[] = ['postgres', 'kinesis', 'dynamodb', 's3', 'ses'];
const stateDirs: Record<StandInKind, string> = {
  postgres: 'postgres',
  kinesis: 'kinesis',
  dynamodb: 'dynamodb',
  s3: 's3',
  ses: 'ses',
};

/** Resolves every port before anything starts, so a clash fails fast and leaves nothing running. */
async function claimPorts(requested: Partial<StandInPorts>): Promise<StandInPorts> {
  const ports = { ...defaultStandInPorts };
  const taken = new Set<number>();
  for (const kind of kinds) {
    const setting = standInPortSettings[kind];
    const wanted = requested[kind] ?? defaultStandInPorts[kind];
    let port = await claimPort(wanted, setting.service, `${setting.flag} or ${setting.env}`);
    // Free ports are picked one by one; never hand the same one out twice.
    while (wanted === 0 && taken.has(port)) port = await claimPort(0, setting.service, setting.flag);
    taken.add(port);
    ports[kind] = port;
  }
  return ports;
}

/** Starts all stand-ins in parallel, then creates the stream and tables; on any failure stops the rest. */
export async function startStandIns(options: StandInsOptions = {}): Promise<StandIns> {
  const log = options.log ?? consoleLog('stand-ins');
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir);
  await mkdir(dataDir, { recursive: true });
  const ports = await claimPorts(options.ports ?? {});
  const started = await Promise.allSettled(
    kinds.map((kind) =>
      startStandInProcess({
        kind,
        host: localHost,
        port: ports[kind],
        dir: path.join(dataDir, stateDirs[kind]),
      }),
    ),
  );
  const processes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(processes.map((process) => process.stop()));
  };
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await stopAll();
    throw failure.reason;
  }
  const byKind = (kind: StandInKind): StandInProcess => {
    const found = processes.find((process) => process.request.kind === kind);
    if (!found) throw new Error(`${kind} stand-in missing`);
    return found;
  };
  const url = (kind: StandInKind): string => `http://${localHost}:${ports[kind]}`;
  const endpoints = { kinesis: url('kinesis'), dynamodb: url('dynamodb'), s3: url('s3'), ses: url('ses') };
  try {
    const kinesis = localKinesisClient(endpoints.kinesis);
    const dynamodb = localDynamoDbClient(endpoints.dynamodb);
    await Promise.all([ensureEventStream(kinesis), ensureTables(dynamodb)]);
    kinesis.destroy();
    dynamodb.destroy();
  } catch (error) {
    await stopAll();
    throw error;
  }
  const postgres = byKind('postgres');
  const databaseUrl = postgres.details.databaseUrl;
  if (typeof databaseUrl !== 'string') throw new Error('postgres stand-in reported no database URL');
  let stopping: Promise<void> | undefined;
  log(`stand-ins up in ${dataDir}: ${kinds.map((kind) => `${kind}:${ports[kind]}`).join(' ')}`);
  return {
    dataDir,
    ports,
    databaseUrl,
    postgresFreshlyInitialised: postgres.details.freshlyInitialised === true,
    endpoints,
    lakeDir: path.join(dataDir, stateDirs.s3),
    onObjectCreated: (listener) => byKind('s3').onObjectCreated(listener),
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
