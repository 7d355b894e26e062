import { Registry } from 'prom-client';
import { createContactValidator } from '../../src/modules/quality/index.js';
import {
  type Cache,
  connectRedis,
  createMemoryCache,
  createRedisCache,
} from '../../src/platform/cache/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import type { BenchTable } from '../table.js';

const CONTACTS = 20_000;
const SETTINGS = {
  EMAIL_MX_CHECK: false,
  EMAIL_DNS_SERVERS: '',
  EMAIL_MX_TIMEOUT_MS: 3000,
  VALIDATION_CACHE_TTL_SECONDS: 3600,
  VALIDATION_CONCURRENCY: 8,
};
const AREA_CODES = ['505', '212', '415', '312', '713', '305', '206', '617', '404', '602', '303', '702'];
const DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'aol.com', 'mailinator.com'];

/** A deterministic pseudo-random stream, so every run validates the same contacts. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Contacts as a crawl sees them: one phone and one email each, with a third of the posts coming from
 * owners who post more than once (so even a first pass repeats values).
 */
function contacts(): { phones: string[]; emails: string[] }[] {
  const next = random(42);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const owners = Array.from({ length: Math.round(CONTACTS * 0.7) }, (_, i) => ({
    phones: [
      `+1${pick(AREA_CODES)}${String(2 + Math.floor(next() * 8))}${String(Math.floor(next() * 1e6)).padStart(6, '0')}`,
    ],
    emails: [`owner${i}@${pick(DOMAINS)}`],
  }));
  return Array.from({ length: CONTACTS }, (_, i) => (i < owners.length ? owners[i]! : pick(owners)));
}

function counter(registry: Registry, result: 'hit' | 'miss'): Promise<number> {
  return registry
    .getSingleMetric('aiqleads_validation_cache_total')!
    .get()
    .then((metric) =>
      metric.values.filter((v) => v.labels.result === result).reduce((sum, v) => sum + v.value, 0),
    );
}

async function passes(label: string, cache: Cache): Promise<(string | number)[][]> {
  const registry = new Registry();
  const validator = createContactValidator({ cache, registry, config: SETTINGS });
  const list = contacts();
  const rows: (string | number)[][] = [];
  for (const pass of ['first crawl (cold cache)', 're-crawl (warm cache)']) {
    const hitsBefore = await counter(registry, 'hit');
    const missesBefore = await counter(registry, 'miss');
    const started = performance.now();
    // A batch of 200 contacts at a time, as the ingest pipeline validates them.
    for (let start = 0; start < list.length; start += 200)
      await Promise.all(list.slice(start, start + 200).map((contact) => validator.validateContact(contact)));
    const seconds = (performance.now() - started) / 1000;
    const hits = (await counter(registry, 'hit')) - hitsBefore;
    const misses = (await counter(registry, 'miss')) - missesBefore;
    rows.push([
      label,
      pass,
      list.length,
      Math.round(list.length / seconds),
      `${((hits / (hits + misses)) * 100).toFixed(1)} %`,
    ]);
  }
  return rows;
}

/** Contact validation throughput with a cold and a warm cache, and the hit ratio a re-crawl sees. */
export async function validationBench(): Promise<BenchTable> {
  const rows = await passes('in-process', createMemoryCache());
  const url = process.env.REDIS_URL;
  if (url) {
    const redis = connectRedis(url, createLogger({ level: 'silent' }));
    await new Promise((resolve) => redis.once('ready', resolve));
    try {
      // A fresh key prefix per run: the first pass really starts cold, and nothing else is touched.
      rows.push(
        ...(await passes('Redis', createRedisCache(redis, createMemoryCache(), `bench:${Date.now()}:`))),
      );
    } finally {
      redis.disconnect();
    }
  }
  return {
    title: `Contact validation (${CONTACTS.toLocaleString('en-US')} contacts, one phone + one email each; MX off)`,
    columns: ['cache', 'pass', 'contacts', 'contacts/s', 'cache hit ratio (goal ≥ 90 % on a re-crawl)'],
    rows,
  };
}
