// Entry of a function thread: worker threads do not take tsx's `--import` hooks (Node 20), so
// the thread registers tsx itself, as bin/nexus.mjs does, before loading the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./function-thread-entry.ts');
