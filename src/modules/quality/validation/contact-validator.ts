import { createHash } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Cache } from '../../../platform/cache/index.js';
import { toE164 } from '../phone.js';
import { EMAIL_REASONS, emailDomain, validateEmailOffline } from './email-validation.js';
import { createLimiter } from './limiter.js';
import { createMxLookup, type MxLookup } from './mx-lookup.js';
import { validatePhone } from './phone-validation.js';
import type { ContactValidation, EmailValidation, PhoneValidation } from './validation.schemas.js';
import { validationMetricsFor } from './validation-metrics.js';

/** The settings the validator reads; the names are the config variables, so the app config fits as is. */
export interface ValidationSettings {
  EMAIL_MX_CHECK: boolean;
  /** Comma list of DNS servers for MX lookups; the system resolver when empty. */
  EMAIL_DNS_SERVERS: string;
  EMAIL_MX_TIMEOUT_MS: number;
  VALIDATION_CACHE_TTL_SECONDS: number;
  VALIDATION_CONCURRENCY: number;
}

export interface ContactValidatorDeps {
  cache: Cache;
  registry: Registry;
  config: ValidationSettings;
  /** Replaces the DNS lookup (tests, or a commercial verification API later). */
  mxLookup?: MxLookup;
}

export interface ContactValidator {
  /** Validates every phone and email of a contact (bounded, cached); results keep the input order. */
  validateContact(contact: {
    phones: readonly string[];
    emails: readonly string[];
  }): Promise<ContactValidation>;
}

/** A fixed-length digest of a normalised value: cache keys never spell out a phone or an address. */
function keyDigest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 32);
}

// Bumped when a rule changes what a result says, so cached results from older rules are not served.
const RULES_VERSION = 'v1';

/** Builds the contact validator over the platform cache and metrics registry. */
export function createContactValidator(deps: ContactValidatorDeps): ContactValidator {
  const { cache, config } = deps;
  const metrics = validationMetricsFor(deps.registry);
  const limiter = createLimiter(config.VALIDATION_CONCURRENCY);
  const servers = config.EMAIL_DNS_SERVERS.split(',')
    .map((server) => server.trim())
    .filter(Boolean);
  const mxLookup = config.EMAIL_MX_CHECK
    ? (deps.mxLookup ?? createMxLookup({ servers, timeoutMs: config.EMAIL_MX_TIMEOUT_MS }))
    : undefined;
  // Concurrent requests for one value share one computation (a re-crawl repeats the same phones).
  const inFlight = new Map<string, Promise<unknown>>();

  async function cached<T>(
    kind: 'phone' | 'email',
    key: string,
    compute: () => Promise<{ value: T; cacheable: boolean }>,
  ): Promise<T> {
    const cacheKey = `validation:${RULES_VERSION}:${kind}:${keyDigest(key)}`;
    const pending = inFlight.get(cacheKey) as Promise<T> | undefined;
    if (pending) {
      // Served without computing: a hit for the ratio, like a cache read.
      metrics.cache(kind, 'hit');
      return pending;
    }
    const work = limiter.run(async () => {
      const hit = await cache.get<T>(cacheKey);
      if (hit !== undefined) {
        metrics.cache(kind, 'hit');
        return hit;
      }
      metrics.cache(kind, 'miss');
      const { value, cacheable } = await compute();
      if (cacheable) await cache.set(cacheKey, value, config.VALIDATION_CACHE_TTL_SECONDS);
      return value;
    });
    inFlight.set(cacheKey, work);
    try {
      return await work;
    } finally {
      inFlight.delete(cacheKey);
    }
  }

  // Cached values leave out the phone or address itself (the key is a digest of it), so the cache holds
  // no contact data that a deletion request would have to chase.
  async function phone(raw: string): Promise<PhoneValidation> {
    const e164 = toE164(raw);
    // Unparseable input has no normalised value to key on, and is cheap to judge again.
    if (e164 === null) return validatePhone(raw);
    const checks = await cached('phone', e164, async () => {
      const { e164: _e164, ...rest } = validatePhone(e164);
      return { value: rest, cacheable: true };
    });
    return { e164, ...checks };
  }

  async function email(raw: string): Promise<EmailValidation> {
    const { address, ...offline } = validateEmailOffline(raw);
    const checks = !mxLookup
      ? await cached('email', address, async () => ({ value: offline, cacheable: true }))
      : await cached('email', `mx:${address}`, async () => {
          const domain = emailDomain(address);
          if (!domain) return { value: offline, cacheable: true };
          const mx = await mxLookup(domain).catch(() => null);
          const reason =
            offline.reason ??
            (mx === false ? EMAIL_REASONS.noMx : mx === null ? EMAIL_REASONS.mxUnknown : null);
          // A failed lookup is not remembered: the next time may get an answer.
          return { value: { ...offline, mx, reason }, cacheable: mx !== null };
        });
    return { address, ...checks };
  }

  return {
    async validateContact(contact) {
      const [phones, emails] = await Promise.all([
        Promise.all(contact.phones.map(phone)),
        Promise.all(contact.emails.map(email)),
      ]);
      return { phones, emails };
    },
  };
}
