import { describe, expect, it } from 'vitest';
import {
  apiKeyPrefix,
  csrfTokenFor,
  hashApiKey,
  isSessionToken,
  newApiKey,
  newSessionToken,
  safeEqual,
  sha256,
} from './tokens.js';

describe('tokens', () => {
  it('makes distinct session tokens that are recognised as such and never as API keys', () => {
    const a = newSessionToken();
    const b = newSessionToken();
    expect(a).not.toBe(b);
    expect(isSessionToken(a)).toBe(true);
    expect(apiKeyPrefix(a)).toBeNull();
  });

  it('makes API keys whose prefix can be read back', () => {
    const { key, prefix } = newApiKey();
    expect(key).toMatch(/^aiq_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(isSessionToken(key)).toBe(false);
  });

  it.each([
    ['aiq_0123456789ab_short', null],
    [`aiq_0123456789AB_${'a'.repeat(43)}`, null],
    [`aiq_0123456789ab_${'a'.repeat(43)}`, '0123456789ab'],
    [`aiq_0123456789ab_${'a'.repeat(44)}`, null],
    [`Bearer aiq_0123456789ab_${'a'.repeat(43)}`, null],
  ])('apiKeyPrefix(%j) → %j', (value, expected) => {
    expect(apiKeyPrefix(value)).toBe(expected);
  });

  it('hashes API keys under the pepper: another pepper gives another hash', () => {
    const { key } = newApiKey();
    expect(hashApiKey('pepper-one', key).equals(hashApiKey('pepper-one', key))).toBe(true);
    expect(hashApiKey('pepper-one', key).equals(hashApiKey('pepper-two', key))).toBe(false);
    expect(hashApiKey('pepper-one', key)).toHaveLength(32);
  });

  it('derives a per-session CSRF token that differs from the API-key hash of the same input', () => {
    const hash = sha256(newSessionToken());
    const csrf = csrfTokenFor('pepper', hash);
    expect(csrf).toBe(csrfTokenFor('pepper', hash));
    expect(csrf).not.toBe(csrfTokenFor('pepper', sha256(newSessionToken())));
    expect(csrf).not.toBe(csrfTokenFor('other-pepper', hash));
  });

  it('compares strings of any length in constant time', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});
