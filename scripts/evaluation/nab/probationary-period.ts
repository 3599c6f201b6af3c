/** NAB's probationary period: the leading rows a detector may learn from and that are never scored. */

/** Fraction of each file that is probationary. */
export const PROBATION_FRACTION = 0.15;

/** Rows in the probationary period: 15% of the file, capped at 15% of 5,000 rows (750). */
export function probationaryPeriod(length: number, fraction = PROBATION_FRACTION): number {
  return Math.min(Math.floor(fraction * length), fraction * 5000);
}
