/**
 * The real app registers cdk-nag: a finding injected into a deployed stack and left
 * unacknowledged fails `buildApp`'s synth, so the zero-findings check in nexus-app cannot pass vacuously.
 */
import { Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, describe, expect, it } from 'vitest';
import type { NexusStage } from '../../infra/stages/nexus-stage';
import { removeOutdirs, testApp } from './support/synth-app';

describe('the app built by infra/app.ts', () => {
  afterAll(removeOutdirs);

  it('fails the synth on an unacknowledged AwsSolutions finding in one of its stacks', () => {
    const app = testApp({ stage: 'dev' });
    const dev = app.node.findChild('dev-eu-west-1') as NexusStage;
    // A bucket with neither access logs nor a TLS-only policy: AwsSolutions-S1 and S10.
    new Bucket(dev.lake as Stack, 'UnacknowledgedProbe');
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  }, 180_000);
});
