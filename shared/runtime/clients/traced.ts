/**
 * X-Ray subsegments around every AWS SDK call (CDK turns active tracing on). Powertools Tracer
 * switches itself off outside Lambda and when POWERTOOLS_TRACE_ENABLED is false (local runtime,
 * tests), so the wrapped client is then the client itself. Created on first use, so a bundle
 * without SDK clients never loads the X-Ray SDK.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';

let tracer: Tracer | undefined;

export function traced<T>(client: T): T {
  tracer ??= new Tracer();
  return tracer.captureAWSv3Client(client);
}
