/**
 * The Data API stand-in expires transactions as the service does, on an injected clock: one no
 * call has used for three minutes, or one open for 24 hours, is rolled back (its locks go, its
 * writes are gone) and its id is then not found; a call within the three minutes keeps it open.
 */
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  type RDSDataClient,
} from '@aws-sdk/client-rds-data';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { transactionTimeouts } from '../../../infra/local/stand-ins/data-api-transactions';
import { definedProps } from '../../../shared/domain/defined-props';
import { type ContractStack, startContractStack } from '../../contract/contract-stand-ins';
import { type DataApiStack, localDataApiTarget, startDataApi } from '../../support/data-api';

let stack: ContractStack;
let dataApi: DataApiStack;
let client: RDSDataClient;
let clock = 0;
const minute = 60_000;

beforeAll(async () => {
  stack = await startContractStack(['postgres']);
  const databaseUrl = stack.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('no database URL');
  dataApi = await startDataApi(databaseUrl, { transactions: { now: () => clock } });
  client = dataApi.client;
  await stack.runtime.pool.query('CREATE TABLE tx_probe (id int PRIMARY KEY)');
}, 120_000);

afterAll(async () => {
  await dataApi?.stop();
  await stack?.stop();
});

beforeEach(async () => {
  await stack.runtime.pool.query('TRUNCATE tx_probe');
});

const target = { resourceArn: localDataApiTarget.resourceArn, secretArn: localDataApiTarget.secretArn };

async function begin(): Promise<string> {
  const { transactionId } = await client.send(new BeginTransactionCommand(target));
  if (!transactionId) throw new Error('no transaction id');
  return transactionId;
}

const execute = (sql: string, transactionId?: string) =>
  client.send(new ExecuteStatementCommand({ ...target, sql, ...definedProps({ transactionId }) }));

/** The error name a call fails with, or 'ok'. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    return (error as Error).name;
  }
}

const probeRows = async () =>
  (await stack.runtime.pool.query<{ id: number }>('SELECT id FROM tx_probe ORDER BY id')).rows.map(
    (r) => r.id,
  );

describe('Data API stand-in transaction timeouts', () => {
  it('keeps a transaction used within three minutes, and rolls it back once unused for three', async () => {
    const id = await begin();
    await execute('INSERT INTO tx_probe (id) VALUES (1)', id);

    clock += transactionTimeouts.idleMs - 1;
    const inTime = await outcome(execute('INSERT INTO tx_probe (id) VALUES (2)', id));
    clock += transactionTimeouts.idleMs;
    const late = await outcome(execute('INSERT INTO tx_probe (id) VALUES (3)', id));
    const commit = await outcome(client.send(new CommitTransactionCommand({ ...target, transactionId: id })));

    expect(inTime).toBe('ok');
    expect(late).toBe('TransactionNotFoundException');
    expect(commit).toBe('TransactionNotFoundException');
    expect(await probeRows()).toEqual([]);
    expect(dataApi.standIn.openTransactions()).toBe(0);
  });

  it('rolls an idle transaction back when any other call arrives, releasing its locks', async () => {
    const idle = await begin();
    await execute('INSERT INTO tx_probe (id) VALUES (7)', idle);
    clock += transactionTimeouts.idleMs;

    // Had the idle transaction kept its row lock, this insert of the same key would wait for it.
    await execute('INSERT INTO tx_probe (id) VALUES (7)');

    expect(dataApi.standIn.openTransactions()).toBe(0);
    expect(await probeRows()).toEqual([7]);
  });

  it('rolls a transaction back after 24 hours however often it is used', async () => {
    const id = await begin();
    await execute('INSERT INTO tx_probe (id) VALUES (1)', id);
    // A use every 2 min 50 s: never idle for three minutes.
    const every = 170_000;
    const uses: string[] = [];
    for (let elapsed = 0; elapsed < transactionTimeouts.maxMs; elapsed += every) {
      clock += every;
      uses.push(await outcome(execute('SELECT 1', id)));
    }

    // Every use within the 24 hours kept it open; the first one after them found it gone.
    expect(uses.slice(0, -1).every((u) => u === 'ok')).toBe(true);
    expect(uses.at(-1)).toBe('TransactionNotFoundException');
    expect(await probeRows()).toEqual([]);
  });

  it('commits a transaction used in time as before', async () => {
    const id = await begin();
    await execute('INSERT INTO tx_probe (id) VALUES (4)', id);
    clock += 2 * minute;
    await client.send(new CommitTransactionCommand({ ...target, transactionId: id }));

    expect(await probeRows()).toEqual([4]);
    expect(dataApi.standIn.openTransactions()).toBe(0);
  });
});
