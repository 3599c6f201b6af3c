/**
 * A Secrets Manager stand-in for contract tests: the JSON 1.1 wire protocol of the operations
 * Nexus uses (CreateSecret, DescribeSecret, PutSecretValue, GetSecretValue), with versions,
 * staging labels and client request tokens as the service documents them, so the real SDK
 * client and adapter run against it offline. Requests must carry a SigV4 Authorization header.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { definedProps } from '../../shared/domain/defined-props';

interface Version {
  readonly id: string;
  readonly value: string;
  stages: string[];
}
interface Secret {
  readonly arn: string;
  readonly name: string;
  readonly kmsKeyId?: string;
  readonly versions: Version[];
}

export interface SecretsManagerStandIn {
  readonly url: string;
  /** Every operation received, in order (X-Amz-Target without the service prefix). */
  readonly operations: string[];
  close(): Promise<void>;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const region = 'us-east-1';
const account = '000000000000';

export async function startSecretsManagerStandIn(): Promise<SecretsManagerStandIn> {
  const secrets = new Map<string, Secret>();
  const operations: string[] = [];
  const find = (id: unknown): Secret => {
    const secret = [...secrets.values()].find((s) => s.arn === id || s.name === id);
    if (!secret)
      throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  };
  const putVersion = (secret: Secret, value: string, token: string | undefined): Version => {
    const id = token ?? randomUUID();
    const existing = secret.versions.find((v) => v.id === id);
    if (existing) {
      if (existing.value !== value)
        throw new ServiceError(
          'ResourceExistsException',
          `A version with ID ${id} already exists with another value.`,
        );
      return existing;
    }
    for (const v of secret.versions) v.stages = v.stages.includes('AWSCURRENT') ? ['AWSPREVIOUS'] : [];
    const version = { id, value, stages: ['AWSCURRENT'] };
    secret.versions.push(version);
    return version;
  };
  const stagesOf = (secret: Secret) =>
    Object.fromEntries(secret.versions.filter((v) => v.stages.length > 0).map((v) => [v.id, v.stages]));

  const operationsById: Record<string, (input: Record<string, unknown>) => unknown> = {
    CreateSecret(input) {
      const name = String(input.Name ?? '');
      if (secrets.has(name))
        throw new ServiceError('ResourceExistsException', `The secret ${name} already exists.`);
      const suffix = randomUUID().replaceAll('-', '').slice(0, 6);
      const secret: Secret = {
        arn: `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${suffix}`,
        name,
        ...definedProps({ kmsKeyId: typeof input.KmsKeyId === 'string' ? input.KmsKeyId : undefined }),
        versions: [],
      };
      secrets.set(name, secret);
      const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined;
      const version =
        typeof input.SecretString === 'string' ? putVersion(secret, input.SecretString, token) : undefined;
      return definedProps({ ARN: secret.arn, Name: name, VersionId: version?.id });
    },
    DescribeSecret(input) {
      const secret = find(input.SecretId);
      return {
        ARN: secret.arn,
        Name: secret.name,
        ...definedProps({
          KmsKeyId: secret.kmsKeyId,
          VersionIdsToStages: secret.versions.length > 0 ? stagesOf(secret) : undefined,
        }),
      };
    },
    PutSecretValue(input) {
      const secret = find(input.SecretId);
      const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined;
      const version = putVersion(secret, String(input.SecretString ?? ''), token);
      return { ARN: secret.arn, Name: secret.name, VersionId: version.id, VersionStages: version.stages };
    },
    GetSecretValue(input) {
      const secret = find(input.SecretId);
      const current = secret.versions.find((v) => v.stages.includes('AWSCURRENT'));
      if (!current)
        throw new ServiceError(
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret value.",
        );
      return { ARN: secret.arn, Name: secret.name, SecretString: current.value, VersionId: current.id };
    },
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        response.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': randomUUID(),
        });
        response.end(text);
      };
      try {
        if (!/^AWS4-HMAC-SHA256 Credential=/.test(request.headers.authorization ?? ''))
          throw new ServiceError(
            'UnrecognizedClientException',
            'The security token included in the request is invalid.',
          );
        const target = String(request.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
        const operation = operationsById[target];
        if (!operation) throw new ServiceError('UnknownOperationException', `Unknown operation ${target}`);
        operations.push(target);
        reply(
          200,
          operation(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>),
        );
      } catch (error) {
        if (error instanceof ServiceError) reply(400, { __type: error.type, message: error.message });
        else reply(500, { __type: 'InternalServiceError', message: String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    operations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
