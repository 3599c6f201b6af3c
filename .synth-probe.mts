import { App } from 'aws-cdk-lib';
import { buildApp } from './infra/app';
import { readFileSync, rmSync } from 'node:fs';
const ctx = JSON.parse(readFileSync('cdk.json','utf8')).context;
rmSync('/tmp/infra-synth', { recursive: true, force: true });
const app = buildApp(new App({ outdir: '/tmp/infra-synth', context: { ...ctx, stage: 'dev', 'aws:cdk:bundling-stacks': [] } }));
try { app.synth(); console.log('ok'); } catch (e) { console.log('FAILED'); }
const r = JSON.parse(readFileSync('/tmp/infra-synth/validation-report.json','utf8'));
for (const p of r.pluginReports) for (const v of p.violations) for (const res of (v.violatingResources ?? v.violatingConstructs ?? [])) console.log(v.ruleName, v.severity, res.constructPath, (v.description||'').slice(0,200));
