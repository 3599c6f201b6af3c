/** In-memory twin of the ObjectStore and ObjectCleanup ports, with failure injection for puts. */

import { definedProps } from '../../../shared/domain/defined-props';
import type { ListedObject, ObjectCleanup } from '../../../shared/ports/object-cleanup';
import type { ObjectStore, TaggedObject } from '../../../shared/ports/object-store';

export interface StoredObject {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: Date;
  readonly tags?: Readonly<Record<string, string>>;
}

export class InMemoryObjectStore implements ObjectStore, ObjectCleanup {
  private version = 0;
  /** The clock stamping lastModified (tests move it to age objects). */
  now: () => Date = () => new Date();
  readonly objects = new Map<string, StoredObject>();
  readonly puts: { bucket: string; key: string }[] = [];
  /** Makes `put` throw for the matching objects. */
  failPut: (bucket: string, key: string) => boolean = () => false;

  async put(
    bucket: string,
    key: string,
    body: Uint8Array | string,
    contentType: string,
    tags?: Readonly<Record<string, string>>,
  ): Promise<void> {
    if (this.failPut(bucket, key)) throw new Error(`put failed: ${bucket}/${key}`);
    this.puts.push({ bucket, key });
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
    this.version++;
    this.objects.set(
      `${bucket}/${key}`,
      definedProps({
        body: bytes,
        contentType,
        etag: `"v${this.version}"`,
        lastModified: this.now(),
        tags,
      }),
    );
  }

  async getTagged(bucket: string, key: string): Promise<TaggedObject | null> {
    const object = this.objects.get(`${bucket}/${key}`);
    return object ? { body: object.body, etag: object.etag } : null;
  }

  async putIfMatch(
    bucket: string,
    key: string,
    body: Uint8Array | string,
    contentType: string,
    expected: string | null,
  ): Promise<string | null> {
    const current = this.objects.get(`${bucket}/${key}`);
    if (expected === null ? current !== undefined : current?.etag !== expected) return null;
    await this.put(bucket, key, body, contentType);
    return this.objects.get(`${bucket}/${key}`)?.etag ?? null;
  }

  async list(bucket: string, prefix: string): Promise<ListedObject[]> {
    return this.keys(bucket)
      .filter((key) => key.startsWith(prefix))
      .map((key) => ({
        key,
        lastModified: this.objects.get(`${bucket}/${key}`)?.lastModified ?? new Date(0),
      }));
  }

  async remove(bucket: string, keys: readonly string[]): Promise<void> {
    for (const key of keys) this.objects.delete(`${bucket}/${key}`);
  }

  async get(bucket: string, key: string): Promise<Uint8Array | null> {
    return this.objects.get(`${bucket}/${key}`)?.body ?? null;
  }

  async exists(bucket: string, key: string): Promise<boolean> {
    return this.objects.has(`${bucket}/${key}`);
  }

  /** Keys of one bucket, sorted. */
  keys(bucket: string): string[] {
    return [...this.objects.keys()]
      .filter((k) => k.startsWith(`${bucket}/`))
      .map((k) => k.slice(bucket.length + 1))
      .sort();
  }

  text(bucket: string, key: string): string | undefined {
    const object = this.objects.get(`${bucket}/${key}`);
    return object ? new TextDecoder().decode(object.body) : undefined;
  }
}
