import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// The secrets accounts hand out, how they are told apart, and how they are stored. Session tokens and
// API keys carry a readable prefix so a leaked one is recognisable (secret scanners, logs) and so a bearer
// credential can be routed to the right lookup without trying both.

const SESSION_PREFIX = 'aiqs_';
const API_KEY_PATTERN = /^aiq_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const SESSION_PATTERN = /^aiqs_[A-Za-z0-9_-]{43}$/;

/** A new session token: 32 random bytes, base64url, with the `aiqs_` prefix. */
export function newSessionToken(): string {
  return SESSION_PREFIX + randomBytes(32).toString('base64url');
}

/** Whether a bearer credential has the shape of a session token. */
export function isSessionToken(value: string): boolean {
  return SESSION_PATTERN.test(value);
}

/** SHA-256 of a token: what the sessions table stores and looks up. */
export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** A new API key: `aiq_<12 hex prefix>_<32 random bytes base64url>`. */
export function newApiKey(): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString('hex');
  return { key: `aiq_${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

/** The prefix of a well-formed API key, or null when the value is not one. */
export function apiKeyPrefix(value: string): string | null {
  return API_KEY_PATTERN.exec(value)?.[1] ?? null;
}

/** HMAC-SHA256 of an API key under the pepper: what the api_keys table stores and looks up. */
export function hashApiKey(pepper: string, key: string): Buffer {
  return createHmac('sha256', pepper).update(key).digest();
}

/**
 * The CSRF token of a session, derived from its stored hash under the pepper (with its own label so it
 * can never equal an API-key hash). Deriving it means nothing extra is stored and `GET /v1/me` can hand it
 * back to a web app that reloaded; an attacker without the session token cannot compute it.
 */
export function csrfTokenFor(pepper: string, sessionTokenHash: Buffer): string {
  return createHmac('sha256', pepper).update('aiq-csrf-v1:').update(sessionTokenHash).digest('base64url');
}

/** Constant-time equality of two strings (their SHA-256 digests are compared, so lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}
