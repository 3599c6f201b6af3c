/** The cdk-nag gate itself: a finding that is not acknowledged fails the synth, with the rule named. */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { removeOutdirs, tempOutdir } from './support/synth-app';

describe('cdk-nag AwsSolutions gate', () => {
  afterAll(removeOutdirs);

  const appWithBareBucket = (acknowledge: boolean): App => {
    const app = new App({ outdir: tempOutdir() });
    const stack = new Stack(app, 'Probe');
    const bucket = new Bucket(stack, 'Bare');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    if (acknowledge)
      for (const id of ['AwsSolutions-S1', 'AwsSolutions-S10'])
        Validations.of(bucket).acknowledge({ id, reason: 'probe of the gate in a test' });
    return app;
  };

  it('fails the synth on an unacknowledged finding', () => {
    expect(() => appWithBareBucket(false).synth()).toThrow(/AwsSolutions-S10/);
  });

  it('passes once every finding is acknowledged with a reason', () => {
    expect(() => appWithBareBucket(true).synth()).not.toThrow();
  });
});
