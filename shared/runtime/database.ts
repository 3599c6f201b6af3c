/** The Postgres pool: a connection string locally, RDS Proxy with IAM auth tokens in AWS. */
import { Signer } from '@aws-sdk/rds-signer';
import pg from 'pg';
import { definedProps } from '../domain/defined-props';
import { type NexusConfig, required } from './config';

/**
 * A small pool: each Lambda container serves one request at a time, and RDS Proxy multiplexes
 * containers onto few database connections.
 */
export function createPool(config: NexusConfig, onError: (error: Error) => void = () => {}): pg.Pool {
  const pool = buildPool(config);
  // An idle connection cut by the server (failover, proxy recycling) must not crash the process;
  // the pool drops it and the next query opens a new one.
  pool.on('error', onError);
  return pool;
}

/**
 * How to reach Postgres: the connection string locally (or any server via DATABASE_URL); in AWS,
 * RDS Proxy over TLS with a fresh IAM auth token per connection.
 */
export function connectionConfig(config: NexusConfig): pg.ClientConfig {
  if (config.databaseUrl) return { connectionString: config.databaseUrl };
  const host = required(config, 'dbHost');
  const user = required(config, 'dbUser');
  const signer = config.dbIamAuth
    ? new Signer({ hostname: host, port: config.dbPort, username: user, region: config.region })
    : undefined;
  return {
    host,
    port: config.dbPort,
    database: required(config, 'dbName'),
    user,
    // IAM tokens live 15 minutes, so one is fetched per new connection rather than cached.
    ...definedProps({ password: signer ? () => signer.getAuthToken() : undefined }),
    ssl: { rejectUnauthorized: true },
  };
}

function buildPool(config: NexusConfig): pg.Pool {
  return new pg.Pool({
    max: 4,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    ...connectionConfig(config),
  });
}
