export type { Cache } from './cache.js';
export { createMemoryCache, createRedisCache } from './cache.js';
export type { LimitDecision, LimiterSpec, RateLimiter, RateLimiterFactory } from './limits.js';
export { createRateLimiterFactory } from './limits.js';
export { connectRedis, redisReady } from './redis.js';
