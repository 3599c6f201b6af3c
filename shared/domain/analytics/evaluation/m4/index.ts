/** The M4 evaluation: metrics, Naive2 and the other M4 benchmarks, parsers and the scoring of a forecaster. */

export * from './m4-benchmarks';
export * from './m4-frequencies';
export * from './m4-metrics';
export * from './naive2';
export * from './parse-m4-csv';
export * from './parse-published-scores';
export * from './score-m4';
