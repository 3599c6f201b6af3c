/** The analytics engine's inference contract: what an endpoint is invoked with, what it answers, and the dispatcher. */
export * from './analyze-series';
export * from './dispatch-invocation';
export * from './invocation-request';
export * from './invocation-response';
