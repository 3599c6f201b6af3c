import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../../shared/adapters/aws/s3-object-store';

const s3 = mockClient(S3Client);
const store = () => new S3ObjectStore(new S3Client({ region: 'eu-west-1' }));

describe('S3ObjectStore', () => {
  beforeEach(() => {
    s3.reset();
  });

  it('puts an object with its content type', async () => {
    // Arrange
    s3.on(PutObjectCommand).resolves({});

    // Act
    await store().put('lake', 'a/b.json', '{"x":1}', 'application/json');

    // Assert
    const calls = s3.commandCalls(PutObjectCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      Bucket: 'lake',
      Key: 'a/b.json',
      Body: '{"x":1}',
      ContentType: 'application/json',
    });
  });

  it('gets the bytes of an object', async () => {
    // Arrange
    s3.on(GetObjectCommand, { Bucket: 'lake', Key: 'a' }).resolves({
      // The part of the SDK's streaming body the adapter uses.
      Body: {
        transformToByteArray: async () => new TextEncoder().encode('hello'),
      } as unknown as NonNullable<GetObjectCommandOutput['Body']>,
    });

    // Act
    const bytes = await store().get('lake', 'a');

    // Assert
    expect(Buffer.from(bytes ?? []).toString()).toBe('hello');
  });

  it('answers null for a missing object', async () => {
    // Arrange
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'gone', $metadata: { httpStatusCode: 404 } }));

    // Act / Assert
    expect(await store().get('lake', 'missing')).toBeNull();
  });

  it('tells whether an object exists from HeadObject', async () => {
    // Arrange
    s3.on(HeadObjectCommand, { Bucket: 'lake', Key: 'here' })
      .resolves({})
      .on(HeadObjectCommand, { Bucket: 'lake', Key: 'gone' })
      .rejects(new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }));

    // Act / Assert
    expect(await store().exists('lake', 'here')).toBe(true);
    expect(await store().exists('lake', 'gone')).toBe(false);
  });

  it('treats any 404 service error as missing', async () => {
    // Arrange
    s3.on(HeadObjectCommand).rejects(
      new S3ServiceException({ name: 'Unknown', $fault: 'client', $metadata: { httpStatusCode: 404 } }),
    );

    // Act / Assert
    expect(await store().exists('lake', 'x')).toBe(false);
  });

  it('passes other errors through', async () => {
    // Arrange
    const denied = new S3ServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    s3.on(HeadObjectCommand).rejects(denied).on(GetObjectCommand).rejects(denied);

    // Act / Assert
    await expect(store().exists('lake', 'x')).rejects.toBe(denied);
    await expect(store().get('lake', 'x')).rejects.toBe(denied);
  });
});
