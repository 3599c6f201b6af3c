import { describe, expect, it } from 'vitest';
import { chooseVariant, splitTraffic } from '../../../../shared/domain/models/variant-split';

const variant = (variantName: string, weight: number) => ({
  variantName,
  modelName: 'm',
  version: 1,
  weight,
});

describe('variant split', () => {
  it('gives shares that sum to 1 in proportion to the weights', () => {
    // Arrange
    const weights = [0.2, 0.5, 1.3];

    // Act
    const split = splitTraffic(weights.map((w, i) => variant(`v${i}`, w)));

    // Assert
    const total = weights.reduce((a, b) => a + b, 0);
    split.forEach((v, i) => {
      expect(v.trafficShare).toBeCloseTo((weights[i] ?? 0) / total, 12);
    });
    expect(split.reduce((s, v) => s + v.trafficShare, 0)).toBeCloseTo(1, 12);
  });

  it('routes a uniform stream of requests in proportion to the shares, never to a zero-weight variant', () => {
    // Arrange
    const split = splitTraffic([variant('a', 1), variant('idle', 0), variant('b', 3)]);
    const requests = 10_000;
    const counts = new Map<string, number>();

    // Act: evenly spaced draws stand in for a uniform random stream.
    for (let i = 0; i < requests; i++) {
      const chosen = chooseVariant(split, (i + 0.5) / requests);
      counts.set(chosen.variantName, (counts.get(chosen.variantName) ?? 0) + 1);
    }

    // Assert
    expect(counts.get('idle')).toBeUndefined();
    expect(counts.get('a')).toBe(requests * 0.25);
    expect(counts.get('b')).toBe(requests * 0.75);
  });

  it('refuses a split with no positive weight', () => {
    expect(() => splitTraffic([variant('a', 0)])).toThrow(RangeError);
  });
});
