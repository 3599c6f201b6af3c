/** NAB's scaled sigmoid: the reward of a detection by its position relative to an anomaly window. */

/**
 * `2·σ(-5·y) − 1` with σ the logistic function (Lavin & Ahmad 2015, eq. 1, with NAB's published
 * constants): +0.987 at the window's start (y = −1), 0 at its end (y = 0), tending to −1 after it;
 * beyond three window lengths past the end it is exactly −1.
 */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3) return -1;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

/** The reward of the earliest possible detection; TP rewards are divided by it so that maximum is 1. */
export const MAX_TP_REWARD = scaledSigmoid(-1);
