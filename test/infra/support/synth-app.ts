/** Builds the CDK app from the real cdk.json context, without bundling (tests assert templates, not bundles). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../../infra/app';

export function cdkContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(process.cwd(), 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/** The app as `cdk synth` builds it; `overrides` replace top-level context keys (e.g. `nexus`). */
export function testApp(overrides: Record<string, unknown> = {}): App {
  return buildApp(
    new App({
      outdir: mkdtempSync(join(tmpdir(), 'nexus-cdk-')),
      context: { ...cdkContext(), ...overrides, 'aws:cdk:bundling-stacks': [] },
    }),
  );
}
