import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

export interface LimitDecision {
  allowed: boolean;
  remaining: number;
  /** Milliseconds until the next point is available (when refused, how long to wait). */
  retryAfterMs: number;
}

/** A fixed-window limiter: `points` per `durationSeconds` per key. */
export interface RateLimiter {
  consume(key: string, points?: number): Promise<LimitDecision>;
  reset(key: string): Promise<void>;
}

export interface LimiterSpec {
  /** Name of the limit, used as the key prefix (e.g. `login-ip`). */
  name: string;
  points: number;
  durationSeconds: number;
}

export type RateLimiterFactory = (spec: LimiterSpec) => RateLimiter;

function decisionOf(result: RateLimiterRes, allowed: boolean): LimitDecision {
  return { allowed, remaining: result.remainingPoints, retryAfterMs: result.msBeforeNext };
}

/**
 * Limits shared by every process through Redis when it is configured; while Redis is away the in-process
 * insurance limiter answers, so a Redis outage loosens limits per process instead of failing requests.
 */
export function createRateLimiterFactory(redis: Redis | undefined): RateLimiterFactory {
  return (spec) => {
    const base = { keyPrefix: `aiq:limit:${spec.name}`, points: spec.points, duration: spec.durationSeconds };
    const memory = new RateLimiterMemory(base);
    const limiter = redis
      ? new RateLimiterRedis({
          ...base,
          storeClient: redis,
          useRedisPackage: false,
          insuranceLimiter: memory,
        })
      : memory;
    return {
      async consume(key, points = 1) {
        try {
          return decisionOf(await limiter.consume(key, points), true);
        } catch (refusal) {
          if (refusal instanceof RateLimiterRes) return decisionOf(refusal, false);
          throw refusal;
        }
      },
      async reset(key) {
        await limiter.delete(key);
      },
    };
  };
}
