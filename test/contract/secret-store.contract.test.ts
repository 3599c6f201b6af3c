/**
 * SecretStore and SecretReader contracts: the in-memory twins and the Secrets Manager adapters
 * (the real SDK client against the Secrets Manager stand-in) behave alike: a secret the stack
 * created empty takes its first value once and is never overwritten; a reader reads the current
 * value and reports a missing secret, or one without a value yet, as SECRET_NOT_FOUND.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsManagerSecretReader } from '../../shared/adapters/aws/secrets-manager-secret-reader';
import { SecretsManagerSecretStore } from '../../shared/adapters/aws/secrets-manager-secret-store';
import type { SecretReader } from '../../shared/ports/secret-reader';
import type { SecretStore } from '../../shared/ports/secret-store';
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '../support/secrets-manager-stand-in';
import { InMemorySecretReader } from '../support/twins/in-memory-secret-reader';
import { InMemorySecretStore } from '../support/twins/in-memory-secret-store';

interface Subject {
  readonly store: SecretStore;
  /** Creates an empty secret as CloudFormation does; returns its id. */
  create(name: string): Promise<string>;
  /** The current value, as `aws secretsmanager get-secret-value` would print it. */
  read(id: string): Promise<string | undefined>;
}

function describeContract(name: string, makeSubject: () => Subject): void {
  describe(`SecretStore contract: ${name}`, () => {
    it('reports an empty secret as empty, then stores its first value', async () => {
      const s = makeSubject();
      const id = await s.create(`nexus-test/${randomUUID()}`);

      expect(await s.store.hasValue(id)).toBe(false);
      await s.store.putFirstValue(id, '{"operatorKey":"nx_op_1"}');

      expect(await s.store.hasValue(id)).toBe(true);
      expect(await s.read(id)).toBe('{"operatorKey":"nx_op_1"}');
    });

    it('refuses a second value and keeps the first', async () => {
      const s = makeSubject();
      const id = await s.create(`nexus-test/${randomUUID()}`);
      await s.store.putFirstValue(id, 'first');

      await expect(s.store.putFirstValue(id, 'second')).rejects.toMatchObject({ code: 'SECRET_HAS_VALUE' });
      expect(await s.read(id)).toBe('first');
    });

    it('reports a secret that does not exist as not found', async () => {
      const s = makeSubject();
      await expect(s.store.hasValue(`nexus-test/${randomUUID()}`)).rejects.toMatchObject({
        code: 'SECRET_NOT_FOUND',
      });
      await expect(s.store.putFirstValue(`nexus-test/${randomUUID()}`, 'x')).rejects.toMatchObject({
        code: 'SECRET_NOT_FOUND',
      });
    });
  });
}

interface ReaderSubject {
  readonly reader: SecretReader;
  /** Creates a secret, with a value or (as CloudFormation's L1 does) without; returns its id. */
  create(name: string, value?: string): Promise<string>;
}

function describeReaderContract(name: string, makeSubject: () => ReaderSubject): void {
  describe(`SecretReader contract: ${name}`, () => {
    it('reads the current value', async () => {
      const s = makeSubject();
      const id = await s.create(`nexus-test/${randomUUID()}`, 'k'.repeat(64));
      expect(await s.reader.currentValue(id)).toBe('k'.repeat(64));
    });

    it('reports a secret without a value, or no secret at all, as not found', async () => {
      const s = makeSubject();
      const empty = await s.create(`nexus-test/${randomUUID()}`);
      await expect(s.reader.currentValue(empty)).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND' });
      await expect(s.reader.currentValue(`nexus-test/${randomUUID()}`)).rejects.toMatchObject({
        code: 'SECRET_NOT_FOUND',
      });
    });
  });
}

describeContract('in-memory twin', () => {
  const store = new InMemorySecretStore();
  return {
    store,
    create: async (name) => {
      store.create(name);
      return name;
    },
    read: async (id) => store.secrets.get(id),
  };
});

let standIn: SecretsManagerStandIn;
let client: SecretsManagerClient;
beforeAll(async () => {
  standIn = await startSecretsManagerStandIn();
  client = new SecretsManagerClient({
    endpoint: standIn.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
afterAll(async () => {
  client?.destroy();
  await standIn?.close();
});

describeContract('SecretsManagerSecretStore on the stand-in', () => ({
  store: new SecretsManagerSecretStore(client),
  create: async (name) => {
    const created = await client.send(new CreateSecretCommand({ Name: name, KmsKeyId: 'alias/nexus-data' }));
    return created.ARN ?? name;
  },
  read: async (id) => (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString,
}));

describeReaderContract('in-memory twin', () => {
  const reader = new InMemorySecretReader();
  return {
    reader,
    create: async (name, value) => {
      if (value !== undefined) reader.values.set(name, value);
      return name;
    },
  };
});

describeReaderContract('SecretsManagerSecretReader on the stand-in', () => ({
  reader: new SecretsManagerSecretReader(client),
  create: async (name, value) => {
    const created = await client.send(new CreateSecretCommand({ Name: name, KmsKeyId: 'alias/nexus-data' }));
    const id = created.ARN ?? name;
    if (value !== undefined)
      await client.send(new PutSecretValueCommand({ SecretId: id, SecretString: value }));
    return id;
  },
}));
