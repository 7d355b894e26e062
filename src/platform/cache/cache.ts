import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { redisReady } from './redis.js';

/** A small key-value cache for JSON values, shared across processes when Redis is configured. */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** In-process cache; the default, and the fallback while Redis is away. */
export function createMemoryCache(maxEntries = 50_000): Cache {
  const store = new LRUCache<string, { json: string }>({ max: maxEntries });
  return {
    async get<T>(key: string) {
      const hit = store.get(key);
      return hit ? (JSON.parse(hit.json) as T) : undefined;
    },
    async set(key, value, ttlSeconds) {
      store.set(key, { json: JSON.stringify(value) }, { ttl: ttlSeconds * 1000 });
    },
    async delete(key) {
      store.delete(key);
    },
  };
}

/**
 * Redis-backed cache that degrades to the in-process one whenever Redis can't answer, so a Redis outage
 * costs hit ratio, never a request.
 */
export function createRedisCache(redis: Redis, fallback: Cache, prefix = 'aiq:cache:'): Cache {
  return {
    async get<T>(key: string) {
      if (!redisReady(redis)) return fallback.get<T>(key);
      try {
        const json = await redis.get(prefix + key);
        return json === null ? undefined : (JSON.parse(json) as T);
      } catch {
        return fallback.get<T>(key);
      }
    },
    async set(key, value, ttlSeconds) {
      await fallback.set(key, value, ttlSeconds);
      if (!redisReady(redis)) return;
      try {
        await redis.set(prefix + key, JSON.stringify(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
      } catch {
        // Already kept in-process.
      }
    },
    async delete(key) {
      await fallback.delete(key);
      if (!redisReady(redis)) return;
      try {
        await redis.del(prefix + key);
      } catch {
        // The in-process copy is gone; the Redis copy expires by its TTL.
      }
    },
  };
}
