/** API key format, generation and hashing. */
import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'nx_';
const KEY_PATTERN = /^nx_[A-Za-z0-9_-]{43}$/;

/** A new random key: 256 bits, base64url, with a recognisable prefix for secret scanners. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Whether a string has the shape of a Nexus key (cheap check before any database read). */
export function looksLikeApiKey(candidate: string): boolean {
  return KEY_PATTERN.test(candidate);
}

/**
 * SHA-256 of the key. Keys carry 256 random bits, so a slow password hash would add nothing
 * but latency; a plain digest lets the authorizer find a key with one indexed read.
 */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

/** The part of a key that is safe to show in listings and logs. */
export function displayPrefix(apiKey: string): string {
  return apiKey.slice(0, 10);
}
