import { Registry } from 'prom-client';
import Value from 'typebox/value';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ContactValidation,
  ContactValidationSchema,
  createContactValidator,
  type MxLookup,
  type ValidationSettings,
} from '../../src/modules/quality/index.js';
import { connectRedis, createMemoryCache, createRedisCache } from '../../src/platform/cache/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { TEST_REDIS_URL } from '../support/test-platform.js';

const SETTINGS: ValidationSettings = {
  EMAIL_MX_CHECK: false,
  EMAIL_DNS_SERVERS: '',
  EMAIL_MX_TIMEOUT_MS: 1000,
  VALIDATION_CACHE_TTL_SECONDS: 3600,
  VALIDATION_CONCURRENCY: 8,
};
const CONTACT = {
  phones: ['(505) 842-1234', '505-555-zero142', 'call me'],
  emails: ['Pat.Example@Gmail.com', 'seller@mailinator.com', 'not-an-email'],
};

/** Cache lookups counted on a registry, as `kind:result` → count. */
async function cacheCounts(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('aiqleads_validation_cache_total')?.get();
  return Object.fromEntries(
    (metric?.values ?? []).map((value) => [`${value.labels.kind}:${value.labels.result}`, value.value]),
  );
}

describe('contact validator', () => {
  it('validates every phone and email in input order, in the stored shape scoring reads', async () => {
    const validator = createContactValidator({
      cache: createMemoryCache(),
      registry: new Registry(),
      config: SETTINGS,
    });
    const result = await validator.validateContact(CONTACT);
    expect(result).toEqual({
      phones: [
        { e164: '+15058421234', valid: true, possible: true, type: null, fake: false, reason: null },
        {
          e164: '+15055550142',
          valid: true,
          possible: true,
          type: null,
          fake: true,
          reason: 'fictional_555_01xx',
        },
        { e164: null, valid: false, possible: false, type: null, fake: false, reason: 'unparseable' },
      ],
      emails: [
        { address: 'pat.example@gmail.com', syntax_ok: true, disposable: false, mx: null, reason: null },
        {
          address: 'seller@mailinator.com',
          syntax_ok: true,
          disposable: true,
          mx: null,
          reason: 'disposable_domain',
        },
        { address: 'not-an-email', syntax_ok: false, disposable: false, mx: null, reason: 'syntax' },
      ],
    });
    expect(Value.Check(ContactValidationSchema, result)).toBe(true);
    // Scoring declares the shape it reads; the validator's result must fit it.
    const forScoring: ContactValidation = result;
    expect(forScoring.phones).toHaveLength(3);
  });

  it('keeps no phone or address in the cache: keys are digests, values leave the identifier out', async () => {
    const cache = createMemoryCache();
    const stored: [string, unknown][] = [];
    const spy = {
      ...cache,
      set: async (key: string, value: unknown, ttl: number) => {
        stored.push([key, value]);
        await cache.set(key, value, ttl);
      },
    };
    await createContactValidator({ cache: spy, registry: new Registry(), config: SETTINGS }).validateContact(
      CONTACT,
    );
    const text = JSON.stringify(stored);
    expect(stored).toHaveLength(5);
    for (const value of ['5058421234', '5055550142', 'pat.example', 'gmail', 'mailinator', 'not-an-email'])
      expect(text).not.toContain(value);
  });

  it('caches by normalised value and counts hits and misses per kind', async () => {
    const cache = createMemoryCache();
    const registry = new Registry();
    const validator = createContactValidator({ cache, registry, config: SETTINGS });
    const first = await validator.validateContact(CONTACT);
    expect(await cacheCounts(registry)).toEqual({ 'phone:miss': 2, 'email:miss': 3 });
    // Written differently, normalised the same: the cache answers.
    const again = await validator.validateContact({
      phones: ['+1 505 842 1234', '(505) 555-0142'],
      emails: ['  PAT.EXAMPLE@gmail.COM', 'seller@mailinator.com'],
    });
    expect(again.phones).toEqual(first.phones.slice(0, 2));
    expect(again.emails).toEqual(first.emails.slice(0, 2));
    expect(await cacheCounts(registry)).toEqual({
      'phone:miss': 2,
      'phone:hit': 2,
      'email:miss': 3,
      'email:hit': 2,
    });
  });

  it('checks values in parallel, never more at once than VALIDATION_CONCURRENCY', async () => {
    let active = 0;
    let peak = 0;
    const lookups: string[] = [];
    const mxLookup: MxLookup = async (domain) => {
      lookups.push(domain);
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 20));
      active -= 1;
      return !domain.startsWith('nomail');
    };
    const registry = new Registry();
    const validator = createContactValidator({
      cache: createMemoryCache(),
      registry,
      config: { ...SETTINGS, EMAIL_MX_CHECK: true, VALIDATION_CONCURRENCY: 3 },
      mxLookup,
    });
    const emails = Array.from(
      { length: 12 },
      (_, i) => `owner${i}@${i === 5 ? 'nomail' : `site${i}`}.example`,
    );
    const result = await validator.validateContact({ phones: [], emails: [...emails, emails[0]!] });
    expect(peak).toBe(3);
    // The repeated address was looked up once, and both copies got the answer.
    expect(lookups).toHaveLength(12);
    expect(result.emails[12]).toEqual(result.emails[0]);
    // Sharing an answer in flight counts as a hit: it cost no lookup.
    expect(await cacheCounts(registry)).toEqual({ 'email:miss': 12, 'email:hit': 1 });
    expect(result.emails[0]).toMatchObject({ mx: true, reason: null });
    expect(result.emails[5]).toMatchObject({ mx: false, reason: 'no_mx' });
  });

  it('does not cache an MX lookup that failed, so the next validation asks again', async () => {
    let calls = 0;
    const mxLookup: MxLookup = async () => {
      calls += 1;
      if (calls === 1) throw new Error('SERVFAIL');
      return calls === 2 ? null : true;
    };
    const validator = createContactValidator({
      cache: createMemoryCache(),
      registry: new Registry(),
      config: { ...SETTINGS, EMAIL_MX_CHECK: true },
      mxLookup,
    });
    const contact = { phones: [], emails: ['pat@example.org'] };
    expect((await validator.validateContact(contact)).emails[0]).toMatchObject({
      mx: null,
      reason: 'mx_lookup_failed',
    });
    expect((await validator.validateContact(contact)).emails[0]).toMatchObject({
      mx: null,
      reason: 'mx_lookup_failed',
    });
    expect((await validator.validateContact(contact)).emails[0]).toMatchObject({ mx: true, reason: null });
    expect((await validator.validateContact(contact)).emails[0]).toMatchObject({ mx: true, reason: null });
    expect(calls).toBe(3);
  });

  it('looks up MX records only for addresses with good syntax', async () => {
    const looked: string[] = [];
    const validator = createContactValidator({
      cache: createMemoryCache(),
      registry: new Registry(),
      config: { ...SETTINGS, EMAIL_MX_CHECK: true },
      mxLookup: async (domain) => {
        looked.push(domain);
        return true;
      },
    });
    const result = await validator.validateContact({ phones: [], emails: ['bad@', 'x@mailinator.com'] });
    expect(result.emails.map((email) => email.reason)).toEqual(['syntax', 'disposable_domain']);
    expect(looked).toEqual(['mailinator.com']);
  });
});

describe.runIf(TEST_REDIS_URL)('contact validation cache in Redis', () => {
  const log = createLogger({ level: 'silent' });
  const redis = connectRedis(TEST_REDIS_URL ?? '', log);
  afterAll(() => redis.quit());

  it('serves a second process from the results the first one stored', async () => {
    await new Promise<void>((resolve) =>
      redis.status === 'ready' ? resolve() : redis.once('ready', resolve),
    );
    const unique = `+1505${String(Date.now() % 10_000_000).padStart(7, '2')}`;
    const contact = { phones: [unique], emails: [`owner${Date.now()}@example.org`] };
    const processA = { cache: createRedisCache(redis, createMemoryCache()), registry: new Registry() };
    const processB = { cache: createRedisCache(redis, createMemoryCache()), registry: new Registry() };
    const a = await createContactValidator({ ...processA, config: SETTINGS }).validateContact(contact);
    const b = await createContactValidator({ ...processB, config: SETTINGS }).validateContact(contact);
    expect(b).toEqual(a);
    expect(await cacheCounts(processA.registry)).toEqual({ 'phone:miss': 1, 'email:miss': 1 });
    expect(await cacheCounts(processB.registry)).toEqual({ 'phone:hit': 1, 'email:hit': 1 });
  });
});
