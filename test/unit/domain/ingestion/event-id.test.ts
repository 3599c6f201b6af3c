import { describe, expect, it } from 'vitest';
import { deriveEventId, isValidEventId } from '../../../../shared/domain/ingestion/event-id';
import { TENANT_A, TENANT_B } from '../../../support/events';

describe('deriveEventId', () => {
  const data = {
    name: 'signup',
    timestamp: '2026-03-04T05:06:07.000Z',
    properties: { plan: 'pro', seats: 3 },
  };

  it('gives the same id for the same tenant, dataset and content (a retried request)', () => {
    // Arrange
    const retried = JSON.parse(JSON.stringify(data)) as typeof data;

    // Act
    const first = deriveEventId(TENANT_A, 'events', data);
    const second = deriveEventId(TENANT_A, 'events', retried);

    // Assert
    expect(second).toBe(first);
  });

  it('does not depend on the order of keys, at any depth', () => {
    // Arrange
    const reordered = {
      properties: { seats: 3, plan: 'pro' },
      timestamp: '2026-03-04T05:06:07.000Z',
      name: 'signup',
    };

    // Act
    const a = deriveEventId(TENANT_A, 'events', data);
    const b = deriveEventId(TENANT_A, 'events', reordered);

    // Assert
    expect(b).toBe(a);
  });

  it('ignores keys whose value is undefined', () => {
    // Arrange
    const withUndefined = { ...data, userId: undefined };

    // Act / Assert
    expect(deriveEventId(TENANT_A, 'events', withUndefined)).toBe(deriveEventId(TENANT_A, 'events', data));
  });

  it('differs for another tenant, another dataset or other content', () => {
    // Arrange
    const base = deriveEventId(TENANT_A, 'events', data);

    // Act
    const others = [
      deriveEventId(TENANT_B, 'events', data),
      deriveEventId(TENANT_A, 'orders', data),
      deriveEventId(TENANT_A, 'events', { ...data, name: 'login' }),
      deriveEventId(TENANT_A, 'events', { ...data, timestamp: '2026-03-04T05:06:07.001Z' }),
      deriveEventId(TENANT_A, 'events', { ...data, properties: { plan: 'pro', seats: 4 } }),
      deriveEventId(TENANT_A, 'events', { ...data, properties: { plan: 'pro', seats: '3' } }),
      deriveEventId(TENANT_A, 'events', { ...data, extra: null }),
    ];

    // Assert
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });

  it('keeps tenant and dataset apart (no ambiguity when one ends where the other starts)', () => {
    // Act
    const a = deriveEventId('ab', 'c', { x: 1 });
    const b = deriveEventId('a', 'bc', { x: 1 });

    // Assert
    expect(a).not.toBe(b);
  });

  it('treats array order as content', () => {
    // Act
    const a = deriveEventId(TENANT_A, 'events', { tags: [1, 2] });
    const b = deriveEventId(TENANT_A, 'events', { tags: [2, 1] });

    // Assert
    expect(a).not.toBe(b);
  });

  it('is itself a valid event id, with a prefix clients cannot mistake for theirs', () => {
    // Act
    const id = deriveEventId(TENANT_A, 'events', data);

    // Assert
    expect(id).toMatch(/^h_[A-Za-z0-9_-]{26}$/);
    expect(isValidEventId(id)).toBe(true);
  });
});

describe('isValidEventId', () => {
  it.each(['a', 'evt-1', 'A.b_c:d-9', 'x'.repeat(128), '550e8400-e29b-41d4-a716-446655440000'])(
    'accepts %s',
    (id) => {
      expect(isValidEventId(id)).toBe(true);
    },
  );

  it.each(['', 'x'.repeat(129), 'a b', 'a/b', 'é', 'a\nb', 'id;drop'])('refuses %j', (id) => {
    expect(isValidEventId(id)).toBe(false);
  });
});
