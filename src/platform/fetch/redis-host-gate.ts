import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisReady } from '../cache/index.js';
import type { Logger } from '../logger/index.js';
import type { Clock } from './fetch.types.js';
import type { HostGate, ReleaseTurn } from './host-gate.js';

// Redis TIME is the one clock every worker agrees on; the script reads it instead of trusting callers.
const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS: next, then one lock per slot. ARGV: token, gapMs, holdMs, pollMs. Returns -i when slot i (from
// 0) is now ours, else the ms to wait (> 0) for a slot or the gap.
const ACQUIRE = `${NOW_MS}
local poll = tonumber(ARGV[4])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
local free = 0
local soonest = poll
for i = 2, #KEYS do
  local held = redis.call('PTTL', KEYS[i])
  if held == -2 then
    free = i
    break
  end
  soonest = math.min(soonest, math.max(held, 1))
end
if free == 0 then return math.max(nextAt - now, soonest) end
if nextAt > now then return nextAt - now end
redis.call('SET', KEYS[free], ARGV[1], 'PX', ARGV[3])
local gap = tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%.0f', now + gap), 'PX', gap + 60000)
return 2 - free`;

// KEYS: next. ARGV: delayMs. Pushes the next start later, never earlier.
const DEFER = `${NOW_MS}
local delay = tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now + delay > nextAt then
  redis.call('SET', KEYS[1], string.format('%.0f', now + delay), 'PX', delay + 60000)
end
return 0`;

// KEYS: lock, next. ARGV: token, holdNextMs. Only the holder may delete the lock (an expired turn may
// already be someone else's); pushing the next start later is safe for anyone.
const RELEASE = `${NOW_MS}
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
local hold = tonumber(ARGV[2])
local nextAt = tonumber(redis.call('GET', KEYS[2]) or '0')
if hold > 0 and now + hold > nextAt then
  redis.call('SET', KEYS[2], string.format('%.0f', now + hold), 'PX', hold + 60000)
end
return 0`;

const POLL_MS = 25;

/**
 * Host politeness shared by every process on one Redis: SET-with-expiry locks per host, one per slot
 * of `concurrency` (1: one in flight), and a next-start time for the gap, all changed atomically in
 * Lua. The in-process gate runs first (so local waiters queue without polling Redis) and is what remains
 * while Redis errors.
 */
export function createRedisHostGate(options: {
  redis: Redis;
  local: HostGate;
  clock: Clock;
  log?: Logger;
  prefix?: string;
  concurrency?: number;
}): HostGate {
  const { redis, local, clock, log } = options;
  const prefix = options.prefix ?? 'aiq:host:';
  const slots = Math.max(1, Math.floor(options.concurrency ?? 1));
  // Slot 0 keeps the one-slot key name, so processes of either setting exclude each other there.
  const lockKeys = (host: string) =>
    Array.from({ length: slots }, (_, slot) => `${prefix}${host}:lock${slot === 0 ? '' : `:${slot}`}`);
  let degraded = false;

  function fallBack(error: unknown): void {
    if (!degraded) log?.warn({ err: error }, 'host politeness: Redis unavailable, limiting per process');
    degraded = true;
  }

  function recovered(): void {
    if (degraded) log?.info('host politeness: shared through Redis again');
    degraded = false;
  }

  return {
    async acquire(host, gapMs, holdMs) {
      const releaseLocal = await local.acquire(host, gapMs, holdMs);
      if (!redisReady(redis)) {
        fallBack(new Error('Redis is not connected'));
        return releaseLocal;
      }
      const locks = lockKeys(host);
      const nextKey = `${prefix}${host}:next`;
      const token = randomUUID();
      let lockKey: string;
      try {
        for (;;) {
          const answer = Number(
            await redis.eval(ACQUIRE, 1 + locks.length, nextKey, ...locks, token, gapMs, holdMs, POLL_MS),
          );
          if (answer <= 0) {
            lockKey = locks[-answer]!;
            break;
          }
          await clock.sleep(answer);
        }
        recovered();
      } catch (error) {
        fallBack(error);
        return releaseLocal;
      }
      const release: ReleaseTurn = async (holdNextMs = 0) => {
        try {
          await redis.eval(RELEASE, 2, lockKey, nextKey, token, Math.ceil(holdNextMs));
        } catch (error) {
          fallBack(error); // The lock expires after holdMs anyway.
        } finally {
          await releaseLocal(holdNextMs);
        }
      };
      return release;
    },

    async defer(host, delayMs) {
      await local.defer(host, delayMs);
      if (!redisReady(redis)) return;
      try {
        await redis.eval(DEFER, 1, `${prefix}${host}:next`, Math.ceil(delayMs));
      } catch (error) {
        fallBack(error);
      }
    },
  };
}
