/** The anchor workload's event, shared by the cost measurement and the Parquet settings run. */

/**
 * A ~1 KB game-analytics-like event (the anchor's size), varied so Parquet cannot over-compress.
 * Events are 10 ms apart (the anchor's 100 events/s) from `startMs`, so each lake-writer batch
 * covers the 5 s of events a batch window holds and a minute's rollup cells see as many batches.
 */
export function anchorEvent(seq: number, startMs: number): Record<string, unknown> {
  const hex = (n: number) => ((seq * 2_654_435_761 + n * 40_503) >>> 0).toString(16).padStart(8, '0');
  return {
    eventId: `evt-${hex(1)}-${hex(2)}-${seq}`,
    name: ['level_start', 'level_end', 'purchase', 'ad_view', 'session_start'][seq % 5],
    timestamp: new Date(startMs + seq * 10).toISOString(),
    userId: `user-${hex(3)}`,
    properties: {
      sessionId: `${hex(4)}-${hex(5)}-${hex(6)}`,
      level: seq % 120,
      score: (seq * 7919) % 100_000,
      durationMs: (seq * 104_729) % 600_000,
      platform: ['ios', 'android', 'web', 'console'][seq % 4],
      appVersion: `3.${seq % 17}.${seq % 5}`,
      country: ['DE', 'FR', 'US', 'BR', 'JP', 'IN', 'GB'][seq % 7],
      device: `device-model-${hex(7).slice(0, 5)}`,
      osVersion: `${12 + (seq % 6)}.${seq % 4}`,
      currency: ['EUR', 'USD', 'JPY'][seq % 3],
      amount: ((seq * 31) % 10_000) / 100,
      item: `item-${hex(8)}-${hex(9)}`,
      campaign: `campaign-${seq % 40}-${hex(10).slice(0, 6)}`,
      referrer: `https://example.com/${hex(11)}/${hex(12)}/${hex(13)}`,
      userAgent: `Mozilla/5.0 (Linux; Android ${10 + (seq % 5)}; ${hex(14)}) AppleWebKit/537.36 Chrome/${100 + (seq % 30)}.0.${hex(15).slice(0, 4)} Mobile Safari/537.36`,
      tags: [`t${seq % 9}`, `t${seq % 11}`, `t${seq % 13}`],
      note: `${hex(16)}${hex(17)}${hex(18)}${hex(19)}${hex(20)}${hex(21)}${hex(22)}${hex(23)}`,
      page: `/shop/${['weapons', 'skins', 'boosts', 'bundles'][seq % 4]}/${hex(24)}?ref=${hex(25)}&slot=${seq % 12}`,
      experiment: { id: `exp-${seq % 23}`, variant: ['control', 'a', 'b'][seq % 3], cohort: hex(26) },
      network: {
        type: ['wifi', '4g', '5g'][seq % 3],
        latencyMs: (seq * 37) % 400,
        carrier: `carrier-${seq % 31}`,
      },
    },
  };
}
