/** ObjectStore on S3 (SSE-KMS is the buckets' default encryption, set by infra). */
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { definedProps } from '../../domain/defined-props';
import type { ObjectStore, TaggedObject } from '../../ports/object-store';

/** A conditional write lost: the object changed (412), or vanished before an If-Match (404). */
function isConditionFailed(error: unknown): boolean {
  const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
  return status === 412 || status === 409 || (status === 404 && isNotFound(error));
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)
  );
}

export class S3ObjectStore implements ObjectStore {
  constructor(private readonly client: S3Client) {}

  async put(
    bucket: string,
    key: string,
    body: Uint8Array | string,
    contentType: string,
    tags?: Readonly<Record<string, string>>,
  ): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ...definedProps({ Tagging: tags && new URLSearchParams(tags).toString() }),
      }),
    );
  }

  async get(bucket: string, key: string): Promise<Uint8Array | null> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async exists(bucket: string, key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async getTagged(bucket: string, key: string): Promise<TaggedObject | null> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
      return { body, etag: result.ETag ?? '' };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async putIfMatch(
    bucket: string,
    key: string,
    body: Uint8Array | string,
    contentType: string,
    expected: string | null,
  ): Promise<string | null> {
    try {
      const result = await this.client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          IfNoneMatch: expected === null ? '*' : undefined,
          IfMatch: expected ?? undefined,
        }),
      );
      return result.ETag ?? '';
    } catch (error) {
      if (isConditionFailed(error)) return null;
      throw error;
    }
  }
}
