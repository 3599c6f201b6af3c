/** A small topology for local-runtime tests: a test authorizer and an echo function with varied routes. */
import type { FunctionSpec } from '../../../shared/topology';

const base = { domain: 'api', description: 'test', memoryMb: 128, timeoutSeconds: 5, needs: [] } as const;

export const gatewayTestFunctions: readonly FunctionSpec[] = [
  { ...base, name: 'test-authorizer', entry: 'test/support/local/test-authorizer.ts', role: 'authorizer' },
  {
    ...base,
    name: 'echo',
    entry: 'test/support/local/echo-handler.ts',
    routes: [
      { method: 'GET', path: '/items/{id}' },
      { method: 'POST', path: '/items/{id}/records' },
      { method: 'GET', path: '/public', authenticated: false },
      { method: 'POST', path: '/boom' },
      { method: 'GET', path: '/malformed' },
      { method: 'GET', path: '/binary' },
    ],
  },
];
