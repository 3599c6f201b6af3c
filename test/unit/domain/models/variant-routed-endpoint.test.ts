import { describe, expect, it } from 'vitest';
import type { InvocationInput } from '../../../../shared/domain/analytics/inference/invocation-request';
import { NotFoundError, ValidationError } from '../../../../shared/domain/errors';
import {
  CallerSplitEndpointWeights,
  formatDeployedVariants,
  parseDeployedVariants,
  type RoutableVariant,
  routingKeyOf,
  VariantRoutedModelEndpoint,
} from '../../../../shared/domain/models/variant-routed-endpoint';
import { routingPoint, variantEndpointName } from '../../../../shared/domain/models/variant-split';
import type { InvokeOptions, ModelInvocation } from '../../../../shared/ports/model-endpoint';

const detect = (id: string): InvocationInput => ({
  operation: 'detect',
  series: [{ id, values: [1, 2, 3] }],
});

/** A routed endpoint whose variants answer with their own name; records what each call reached. */
function routed(split: readonly RoutableVariant[], deployed: readonly RoutableVariant[] = []) {
  const reached: (string | undefined)[] = [];
  let registryReads = 0;
  let now = 0;
  const endpoint = new VariantRoutedModelEndpoint({
    endpointName: 'nexus-prod-analytics',
    registrySplit: async () => {
      registryReads += 1;
      return split;
    },
    deployed,
    invokeVariant: async (variantName, _request, _options: InvokeOptions) => {
      reached.push(variantName);
      return {
        response: { operation: 'detect', model: { name: 'm', version: '1' }, results: [] },
        variant: variantName ?? 'AllTraffic',
        model: { name: 'm', version: '1' },
      } as unknown as ModelInvocation;
    },
    cacheMs: 1_000,
    now: () => now,
  });
  return {
    endpoint,
    reached,
    reads: () => registryReads,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('caller-side A/B split', () => {
  it('sends a (tenant, series) to the same variant every time, whatever the order of calls', async () => {
    // Arrange
    const { endpoint } = routed([
      { variantName: 'champion', weight: 0.5 },
      { variantName: 'challenger', weight: 0.5 },
    ]);
    const keys = Array.from({ length: 200 }, (_, i) => `metric-${i}`);

    // Act
    const first = await Promise.all(keys.map((k) => endpoint.variantFor(detect(k), { tenantId: 't1' })));
    const again = await Promise.all(
      [...keys].reverse().map((k) => endpoint.variantFor(detect(k), { tenantId: 't1' })),
    );

    // Assert
    expect(again.reverse()).toEqual(first);
    // Both variants serve some series: the choice depends on the key, not on a constant.
    expect(new Set(first)).toEqual(new Set(['champion', 'challenger']));
  });

  it('gives each variant a share of series that follows the weights, and none to a weight of 0', async () => {
    // Arrange
    const { endpoint } = routed([
      { variantName: 'champion', weight: 0.9 },
      { variantName: 'idle', weight: 0 },
      { variantName: 'challenger', weight: 0.1 },
    ]);
    const series = 20_000;

    // Act
    const counts = new Map<string, number>();
    for (let i = 0; i < series; i++) {
      const variant = (await endpoint.variantFor(detect(`s${i}`), { tenantId: `t${i % 7}` })) ?? '';
      counts.set(variant, (counts.get(variant) ?? 0) + 1);
    }

    // Assert: within 4 standard deviations of a binomial(20000, 0.1).
    const sd = Math.sqrt(series * 0.1 * 0.9);
    expect(Math.abs((counts.get('challenger') ?? 0) - series * 0.1)).toBeLessThan(4 * sd);
    expect(counts.get('idle')).toBeUndefined();
  });

  it('keys by tenant too: the same series id of two tenants is routed independently', () => {
    expect(routingKeyOf(detect('cpu'), 'a')).not.toBe(routingKeyOf(detect('cpu'), 'b'));
    expect(routingPoint(routingKeyOf(detect('cpu'), 'a'))).toBe(
      routingPoint(routingKeyOf(detect('cpu'), 'a')),
    );
    const points = Array.from({ length: 1000 }, (_, i) => routingPoint(`k${i}`));
    expect(Math.min(...points)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...points)).toBeLessThan(1);
  });

  it('uses the deployed default weights until the registry holds a split, and re-reads it after the cache time', async () => {
    // Arrange
    const split: RoutableVariant[] = [];
    const r = routed(split, [{ variantName: 'champion', weight: 1 }]);

    // Act
    await r.endpoint.invoke(detect('a'), { tenantId: 't' });
    split.push({ variantName: 'challenger', weight: 1 });
    await r.endpoint.invoke(detect('a'), { tenantId: 't' });
    r.advance(1_000);
    await r.endpoint.invoke(detect('a'), { tenantId: 't' });

    // Assert
    expect(r.reached).toEqual(['champion', 'champion', 'challenger']);
    expect(r.reads()).toBe(2);
  });

  it('leaves the choice to the endpoint when no variant is known, and honours a pinned variant', async () => {
    // Arrange
    const none = routed([]);
    const ab = routed([
      { variantName: 'champion', weight: 1 },
      { variantName: 'challenger', weight: 0 },
    ]);

    // Act
    await none.endpoint.invoke(detect('a'));
    await ab.endpoint.invoke(detect('a'), { targetVariant: 'CHALLENGER' });
    const ghost = ab.endpoint.invoke(detect('a'), { targetVariant: 'ghost' });

    // Assert
    expect(none.reached).toEqual([undefined]);
    expect(ab.reached).toEqual(['challenger']);
    await expect(ghost).rejects.toBeInstanceOf(ValidationError);
    await expect(ghost).rejects.toMatchObject({ code: 'INVALID_TARGET_VARIANT' });
  });

  it('checks a new split against the deployed variants without calling SageMaker', async () => {
    // Arrange
    const weights = new CallerSplitEndpointWeights(
      'nexus-prod-analytics',
      parseDeployedVariants('champion=0.9,challenger=0.1'),
    );

    // Act and assert
    await expect(
      weights.apply('nexus-prod-analytics', [
        { variantName: 'Champion', weight: 1 },
        { variantName: 'challenger', weight: 0 },
      ]),
    ).resolves.toBeUndefined();
    await expect(
      weights.apply('nexus-prod-analytics', [{ variantName: 'ghost', weight: 1 }]),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(weights.apply('other', [{ variantName: 'champion', weight: 1 }])).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('round-trips the deployed variants setting and names one endpoint per variant', () => {
    const variants = [
      { variantName: 'champion', weight: 0.9 },
      { variantName: 'challenger', weight: 0.1 },
    ];
    expect(parseDeployedVariants(formatDeployedVariants(variants))).toEqual(variants);
    expect(parseDeployedVariants('')).toEqual([]);
    expect(() => parseDeployedVariants('champion')).toThrow(/not <variant>=<weight>/);
    expect(variantEndpointName('nexus-prod-analytics', 'Challenger')).toBe('nexus-prod-analytics-challenger');
  });
});
