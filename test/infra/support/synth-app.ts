/**
 * Builds the CDK app from the real cdk.json context, without bundling (tests assert templates,
 * not bundles), into temp directories that `removeOutdirs` deletes (call it in afterAll), so
 * test runs leave no `cdk.out*` behind in the system temp dir.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../../infra/app';

const outdirs: string[] = [];

/** A fresh temp directory for one App's cloud assembly. */
export function tempOutdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nexus-cdk-test-'));
  outdirs.push(dir);
  return dir;
}

/** Deletes every directory `tempOutdir` made in this test file. */
export function removeOutdirs(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function cdkContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(process.cwd(), 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/** The app as `cdk synth` builds it; `overrides` replace top-level context keys (e.g. `nexus`, `stage`). */
export function testApp(overrides: Record<string, unknown> = {}): App {
  return buildApp(
    new App({
      outdir: tempOutdir(),
      context: { ...cdkContext(), ...overrides, 'aws:cdk:bundling-stacks': [] },
    }),
  );
}
