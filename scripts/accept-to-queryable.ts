/**
 * Accept-to-queryable latencies of sampled batches for bench:e2e. A batch never seen queryable is
 * right-censored: it counts at the time from its acceptance to the end of the watch (a lower
 * bound), so dropping slow batches cannot make the percentiles look better.
 */
export interface LatencySample {
  /** Latencies in ms, ascending, censored ones included. */
  readonly sorted: readonly number[];
  /** How many batches were never seen queryable. */
  readonly censored: number;
}

export function acceptToQueryable(
  acceptedAt: ReadonlyMap<string, number>,
  queryableAt: ReadonlyMap<string, number>,
  watchEnded: number,
): LatencySample {
  let censored = 0;
  const latencies = [...acceptedAt].map(([batch, at]) => {
    const seen = queryableAt.get(batch);
    if (seen === undefined) censored += 1;
    return (seen ?? watchEnded) - at;
  });
  return { sorted: latencies.sort((a, b) => a - b), censored };
}
