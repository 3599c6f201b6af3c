import { defineConfig } from 'vitest/config';

/** One project per suite, so each runs alone (`npm run test:unit`, ...); `vitest run` runs them all. */
const suites = ['unit', 'contract', 'integration', 'e2e', 'infra', 'security'] as const;

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
    env: {
      // Node 20 is the project's runtime; the SDK's "upgrade Node" warning is noise, as in `npm start`.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // No X-Ray daemon in tests; Powertools Tracer passes SDK clients through untouched.
      POWERTOOLS_TRACE_ENABLED: 'false',
    },
    projects: suites.map((name) => ({
      extends: true,
      test: { name, include: [`test/${name}/**/*.test.ts`] },
    })),
  },
});
