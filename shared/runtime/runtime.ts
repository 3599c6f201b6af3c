/**
 * Per-container state shared by the capability factories: the validated config, the Postgres
 * pool and the SDK clients, each created once. Capabilities are free functions of a Runtime in
 * their own modules (metadata-stores.ts, event-sink.ts, object-store.ts, ...), not methods, so a
 * function's bundle holds only the adapters and SDK clients its deps factory names.
 */
import type pg from 'pg';
import { loadConfig, type NexusConfig } from './config';
import { createPool } from './database';

export class Runtime {
  readonly config: NexusConfig;
  private poolInstance: pg.Pool | undefined;
  private readonly clients = new Map<(config: NexusConfig) => unknown, unknown>();

  /** `config` defaults to the parsed `env`; tests pass one that records which settings are read. */
  constructor(env?: Readonly<Record<string, string | undefined>>, config: NexusConfig = loadConfig(env)) {
    this.config = config;
  }

  get pool(): pg.Pool {
    this.poolInstance ??= createPool(this.config);
    return this.poolInstance;
  }

  /** The SDK client `factory` builds (see clients/), created on first use and reused. */
  client<T>(factory: (config: NexusConfig) => T): T {
    if (!this.clients.has(factory)) this.clients.set(factory, factory(this.config));
    return this.clients.get(factory) as T;
  }
}

let shared: Runtime | undefined;

/** The container-wide runtime, created on first use. */
export function runtime(): Runtime {
  shared ??= new Runtime();
  return shared;
}
