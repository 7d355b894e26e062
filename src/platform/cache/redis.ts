import { Redis } from 'ioredis';
import type { Logger } from '../logger/index.js';

/**
 * Connects to Redis without ever crashing the process: commands fail fast while Redis is away (no
 * offline queue), reconnects run in the background, and callers fall back to in-process state.
 */
export function connectRedis(url: string, log: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down)
      log.warn({ err: error }, 'Redis unavailable: using in-process cache and limits until it returns');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info('Redis reachable again');
    down = false;
  });
  return redis;
}

/** True when the client can take commands right now. */
export function redisReady(redis: Redis | undefined): redis is Redis {
  return redis?.status === 'ready';
}
