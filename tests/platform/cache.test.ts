import { afterAll, describe, expect, it } from 'vitest';
import {
  connectRedis,
  createMemoryCache,
  createRateLimiterFactory,
  createRedisCache,
} from '../../src/platform/cache/index.js';
import { captureLogs, TEST_REDIS_URL } from '../support/test-platform.js';

const unique = () => `k${Math.random().toString(36).slice(2)}`;

describe('memory cache and limits', () => {
  it('stores JSON values until their TTL', async () => {
    const cache = createMemoryCache();
    await cache.set('a', { n: 1 }, 60);
    expect(await cache.get('a')).toEqual({ n: 1 });
    await cache.delete('a');
    expect(await cache.get('a')).toBeUndefined();
  });

  it('allows N points per window and then refuses with a wait time', async () => {
    const limiter = createRateLimiterFactory(undefined)({ name: unique(), points: 2, durationSeconds: 60 });
    expect((await limiter.consume('ip')).allowed).toBe(true);
    expect((await limiter.consume('ip')).allowed).toBe(true);
    const refused = await limiter.consume('ip');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
  });
});

describe('Redis that is not there', () => {
  // Nothing listens on port 1: every command fails, as when Redis goes away at run time.
  const { log, lines } = captureLogs('warn');
  const redis = connectRedis('redis://127.0.0.1:1', log);
  afterAll(() => redis.disconnect());

  it('degrades the cache to in-process with a warning, never an error', async () => {
    const cache = createRedisCache(redis, createMemoryCache());
    await cache.set('k', 'v', 60);
    expect(await cache.get('k')).toBe('v');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines().some((line) => String(line.msg).includes('Redis unavailable'))).toBe(true);
  });

  it('degrades limits to the in-process insurance limiter', async () => {
    const limiter = createRateLimiterFactory(redis)({ name: unique(), points: 1, durationSeconds: 60 });
    expect((await limiter.consume('x')).allowed).toBe(true);
    expect((await limiter.consume('x')).allowed).toBe(false);
  });
});

describe.runIf(TEST_REDIS_URL)('Redis cache and limits', () => {
  const { log } = captureLogs('warn');
  const redis = connectRedis(TEST_REDIS_URL ?? '', log);
  afterAll(() => redis.quit());

  it('shares cached values between processes through Redis', async () => {
    await new Promise<void>((resolve) =>
      redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve()),
    );
    const key = unique();
    await createRedisCache(redis, createMemoryCache()).set(key, { shared: true }, 60);
    // A second cache with an empty local store stands for another process.
    expect(await createRedisCache(redis, createMemoryCache()).get(key)).toEqual({ shared: true });
  });

  it('counts limit points across limiter instances', async () => {
    const spec = { name: unique(), points: 2, durationSeconds: 60 };
    const first = createRateLimiterFactory(redis)(spec);
    const second = createRateLimiterFactory(redis)(spec);
    expect((await first.consume('host')).allowed).toBe(true);
    expect((await second.consume('host')).allowed).toBe(true);
    expect((await first.consume('host')).allowed).toBe(false);
  });
});
