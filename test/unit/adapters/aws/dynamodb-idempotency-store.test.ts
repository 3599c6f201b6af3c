import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoIdempotencyStore } from '../../../../shared/adapters/aws/dynamodb-idempotency-store';
import type { EventClaim } from '../../../../shared/ports/idempotency-store';

const ddb = mockClient(DynamoDBDocumentClient);
const TABLE = 'nexus-idempotency';
const NOW = '2026-03-04T05:06:07.000Z';

const store = (maxAttempts?: number) =>
  new DynamoIdempotencyStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), {
    tableName: TABLE,
    ...(maxAttempts ? { maxAttempts } : {}),
  });
const claim = (i: number): EventClaim => ({ key: `k${i}`, fileKey: `f${i}` });
/** Written with the table's TTL attribute: epoch seconds, 15 days after the claim. */
const item = (c: EventClaim) => ({
  pk: c.key,
  fileKey: c.fileKey,
  at: NOW,
  expiresAt: Date.parse(NOW) / 1000 + 15 * 86_400,
});

describe('DynamoIdempotencyStore', () => {
  beforeEach(() => {
    ddb.reset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(NOW));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads claims with consistent BatchGets of at most 100 distinct keys', async () => {
    // Arrange
    ddb
      .on(BatchGetCommand)
      .callsFake((input: { RequestItems: Record<string, { Keys: { pk: string }[] }> }) => ({
        Responses: {
          [TABLE]: (input.RequestItems[TABLE]?.Keys ?? [])
            .filter((k) => k.pk === 'k7' || k.pk === 'k150')
            .map((k) => ({ pk: k.pk, fileKey: `file-${k.pk}`, at: NOW })),
        },
      }));
    const keys = [...Array.from({ length: 201 }, (_, i) => `k${i}`), 'k7'];

    // Act
    const claims = await store().getClaims(keys);

    // Assert
    const calls = ddb.commandCalls(BatchGetCommand);
    expect(calls.map((c) => c.args[0].input.RequestItems?.[TABLE]?.Keys?.length)).toEqual([100, 100, 1]);
    expect(calls[0]?.args[0].input).toEqual({
      RequestItems: {
        [TABLE]: { Keys: Array.from({ length: 100 }, (_, i) => ({ pk: `k${i}` })), ConsistentRead: true },
      },
    });
    expect([...claims.values()]).toEqual(
      expect.arrayContaining([
        { key: 'k7', fileKey: 'file-k7' },
        { key: 'k150', fileKey: 'file-k150' },
      ]),
    );
    expect(claims.size).toBe(2);
  });

  it('asks again for unprocessed keys', async () => {
    // Arrange
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [{ pk: 'k1', fileKey: 'f1' }] },
        UnprocessedKeys: { [TABLE]: { Keys: [{ pk: 'k2' }] } },
      })
      .resolves({ Responses: { [TABLE]: [{ pk: 'k2', fileKey: 'f2' }] } });

    // Act
    const claims = await store().getClaims(['k1', 'k2']);

    // Assert
    const calls = ddb.commandCalls(BatchGetCommand);
    expect(calls[1]?.args[0].input).toEqual({
      RequestItems: { [TABLE]: { Keys: [{ pk: 'k2' }], ConsistentRead: true } },
    });
    expect(claims.get('k2')).toEqual({ key: 'k2', fileKey: 'f2' });
  });

  it('writes claims in BatchWrites of at most 25 items', async () => {
    // Arrange
    ddb.on(BatchWriteCommand).resolves({});
    const claims = Array.from({ length: 51 }, (_, i) => claim(i));

    // Act
    await store().putClaims(claims);

    // Assert
    const calls = ddb.commandCalls(BatchWriteCommand);
    expect(calls.map((c) => c.args[0].input.RequestItems?.[TABLE]?.length)).toEqual([25, 25, 1]);
    expect(calls[2]?.args[0].input).toEqual({
      RequestItems: { [TABLE]: [{ PutRequest: { Item: item(claims[50] as EventClaim) } }] },
    });
  });

  it('writes the unprocessed items again', async () => {
    // Arrange
    const unprocessed = [{ PutRequest: { Item: item(claim(2)) } }];
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: unprocessed } })
      .resolves({});

    // Act
    await store().putClaims([claim(1), claim(2)]);

    // Assert
    const calls = ddb.commandCalls(BatchWriteCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input).toEqual({ RequestItems: { [TABLE]: unprocessed } });
  });

  it('gives up after maxAttempts when items stay unprocessed', async () => {
    // Arrange
    ddb
      .on(BatchWriteCommand)
      .resolves({ UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: item(claim(1)) } }] } });

    // Act
    const attempt = store(2).putClaims([claim(1)]);

    // Assert
    await expect(attempt).rejects.toThrow(
      `BatchWriteItem on ${TABLE} left unprocessed items after 2 attempts`,
    );
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(2);
  });
});
