/** Lambda entry of the one-time bootstrap (first operator key, first tenant) run after migrations. */
import { bootstrapPlatformDeps } from '../../../shared/runtime/function-deps/bootstrap-platform';
import { makeBootstrapPlatformHandler } from './bootstrap-platform';

export const handler = makeBootstrapPlatformHandler(bootstrapPlatformDeps());
