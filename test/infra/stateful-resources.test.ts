import { App, Aspects, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { StatefulResourcesRetained } from '../../infra/aspects/stateful-resources-retained';
import { removeOutdirs, tempOutdir } from './support/synth-app';

function stackWithBucket(removalPolicy: RemovalPolicy): Stack {
  const stack = new Stack(new App({ outdir: tempOutdir() }), 'Probe');
  new Bucket(stack, 'Data', { removalPolicy });
  Aspects.of(stack).add(new StatefulResourcesRetained());
  return stack;
}

describe('StatefulResourcesRetained aspect', () => {
  afterAll(removeOutdirs);

  it('fails a bucket that would be deleted with its stack', () => {
    const errors = Annotations.fromStack(stackWithBucket(RemovalPolicy.DESTROY)).findError(
      '*',
      Match.stringLikeRegexp('must be retained'),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.id).toContain('Data');
  });

  it('accepts a retained bucket', () => {
    const errors = Annotations.fromStack(stackWithBucket(RemovalPolicy.RETAIN)).findError(
      '*',
      Match.anyValue(),
    );
    expect(errors).toEqual([]);
  });
});
