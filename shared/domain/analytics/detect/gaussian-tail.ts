/** The natural log of the standard normal upper tail probability, accurate far into the tail. */

/**
 * ln Q(z), where Q(z) = P(Z > z) for a standard normal Z. Uses the Chebyshev fit of erfc by
 * Press et al. ("Numerical Recipes", 2nd ed., §6.2, fractional error < 1.2e-7 everywhere), kept
 * in log form so that probabilities such as 1e-30 stay distinguishable, which the anomaly
 * likelihood needs.
 */
export function logGaussianTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const logErfc = Math.log(t) - x * x + poly;
  if (z >= 0) return logErfc - Math.LN2;
  return Math.log(1 - 0.5 * Math.exp(logErfc));
}
