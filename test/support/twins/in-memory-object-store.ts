/** In-memory twin of the ObjectStore port, with failure injection for puts. */
import type { ObjectStore } from '../../../shared/ports/object-store';

export interface StoredObject {
  readonly body: Uint8Array;
  readonly contentType: string;
}

export class InMemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, StoredObject>();
  readonly puts: { bucket: string; key: string }[] = [];
  /** Makes `put` throw for the matching objects. */
  failPut: (bucket: string, key: string) => boolean = () => false;

  async put(bucket: string, key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    if (this.failPut(bucket, key)) throw new Error(`put failed: ${bucket}/${key}`);
    this.puts.push({ bucket, key });
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
    this.objects.set(`${bucket}/${key}`, { body: bytes, contentType });
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
