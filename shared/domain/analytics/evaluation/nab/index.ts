/** NAB scoring (Lavin & Ahmad 2015, "Evaluating Real-time Anomaly Detection Algorithms"), written from the paper. */
export { type LabelledNabFile, labelFile, type NabFileInput, type NabWindow } from './label-file';
export { NAB_PROFILES, type NabCostMatrix, type NabProfiles, parseNabProfiles } from './nab-profile';
export { parseNabTimestamp } from './nab-timestamp';
export { optimizeThreshold, sweepOrder, type ThresholdChoice } from './optimize-threshold';
export { type NabSeries, parseNabCsv } from './parse-nab-csv';
export { parseNabWindows } from './parse-nab-windows';
export { PROBATION_FRACTION, probationaryPeriod } from './probationary-period';
export { MAX_TP_REWARD, scaledSigmoid } from './scaled-sigmoid';
export { type NabProfileResult, normalizeNabScore, scoreNabCorpus } from './score-corpus';
export { type NabFileScore, scoreFile } from './score-file';
