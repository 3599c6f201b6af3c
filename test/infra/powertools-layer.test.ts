/**
 * Deployed functions take Powertools from AWS's managed layer of the installed release (resolved
 * from AWS's public SSM parameter at deployment) and leave it out of their bundles; a function
 * built with `powertools: 'bundled'` carries it and gets no layer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformFunction } from '../../infra/constructs/platform-function';
import { definedProps } from '../../shared/domain/defined-props';
import { functionNamed } from '../../shared/topology';
import { removeOutdirs, tempOutdir } from './support/synth-app';

const installed = (
  JSON.parse(readFileSync('node_modules/@aws-lambda-powertools/logger/package.json', 'utf8')) as {
    version: string;
  }
).version;

let template: Template;
let outdir: string;
const ids: Record<string, string> = {};

function fn(stack: Stack, id: string, name: string, powertools?: 'bundled' | 'layer') {
  const made = new PlatformFunction(stack, id, {
    spec: functionNamed(name),
    namePrefix: 'nexus-dev',
    stage: 'dev',
    logLevel: 'INFO',
    securityGroups: [],
    ...definedProps({ powertools }),
  });
  ids[id] = stack.getLogicalId(made.fn.node.defaultChild as never);
}

/** The bundle CDK built for a function (bundling runs: this test reads bundles, not only templates). */
function bundleOf(id: string): string {
  const code = template.toJSON().Resources[ids[id] ?? ''].Properties.Code as { S3Key: string };
  const hash = code.S3Key.replace(/\.zip$/, '');
  const dir = join(outdir, `asset.${hash}`);
  const file = readdirSync(dir).find((f) => f.endsWith('.mjs'));
  return readFileSync(join(dir, file ?? 'index.mjs'), 'utf8');
}

beforeAll(() => {
  outdir = tempOutdir();
  const app = new App({ outdir });
  const stack = new Stack(app, 'Functions', { env: { account: '123456789012', region: 'eu-west-1' } });
  fn(stack, 'Docs', 'api-docs');
  fn(stack, 'Keys', 'api-keys');
  fn(stack, 'Bundled', 'api-docs', 'bundled');
  app.synth();
  template = Template.fromStack(stack);
}, 120_000);
afterAll(removeOutdirs);

describe('Powertools layer', () => {
  it("resolves the layer of the installed Powertools release from AWS's public parameter, once per stack", () => {
    const parameters = Object.values(template.toJSON().Parameters ?? {}) as {
      Type: string;
      Default: string;
    }[];
    const layers = parameters.filter((p) => p.Default?.startsWith('/aws/service/powertools/'));

    expect(layers).toEqual([
      {
        Type: 'AWS::SSM::Parameter::Value<String>',
        Default: `/aws/service/powertools/typescript/generic/all/${installed}`,
      },
    ]);
  });

  it('attaches the layer to layer functions only', () => {
    const resources = template.toJSON().Resources;
    const layersOf = (id: string) => resources[ids[id] ?? ''].Properties.Layers as unknown[] | undefined;

    expect(layersOf('Docs')).toHaveLength(1);
    expect(layersOf('Keys')).toEqual(layersOf('Docs'));
    expect(layersOf('Bundled') ?? []).toEqual([]);
  });

  it('leaves Powertools out of a layer function bundle (imported at run time) and in a bundled one', () => {
    const layered = bundleOf('Docs');
    const bundled = bundleOf('Bundled');

    expect(layered).toMatch(/from\s*"@aws-lambda-powertools\/logger"/);
    expect(bundled).not.toMatch(/"@aws-lambda-powertools\//);
    expect(bundled.length - layered.length).toBeGreaterThan(20_000);
  });
});
