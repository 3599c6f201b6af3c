import { describe, expect, it } from 'vitest';
import {
  displayPrefix,
  generateApiKey,
  hashApiKey,
  looksLikeApiKey,
} from '../../../../shared/domain/tenancy/api-key';

describe('api keys', () => {
  it('generates distinct, well-formed keys with the nx_ prefix', () => {
    // Act
    const keys = Array.from({ length: 20 }, generateApiKey);

    // Assert
    expect(new Set(keys).size).toBe(20);
    for (const key of keys) {
      expect(key).toMatch(/^nx_[A-Za-z0-9_-]{43}$/);
      expect(looksLikeApiKey(key)).toBe(true);
    }
  });

  it.each([
    '',
    'nx_',
    `nx_${'a'.repeat(42)}`,
    `nx_${'a'.repeat(44)}`,
    `xx_${'a'.repeat(43)}`,
    `nx_${'a'.repeat(42)}=`,
  ])('does not take %j for a key', (candidate) => {
    expect(looksLikeApiKey(candidate)).toBe(false);
  });

  it('hashes with hex SHA-256 and shows only a short prefix', () => {
    // Arrange
    const key = `nx_${'a'.repeat(43)}`;

    // Act / Assert
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(displayPrefix(key)).toBe('nx_aaaaaaa');
  });
});
