import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../../src/platform/cache/index.js';
import { captureLogs, TEST_REDIS_URL } from '../../support/test-platform.js';
import { closeAll, gaps, page, startServer, testClient } from './fetch-support.js';

afterEach(closeAll);

// Arrivals are stamped by the server a few ms after the turn starts; allow that much slack.
const SLACK_MS = 5;

async function slowServer() {
  return startServer(async (_req, res) => {
    await sleep(30);
    page(res, 'ok');
  });
}

/** Two clients (two worker processes, as far as politeness goes) each sending three requests at once. */
async function burstFromTwo(
  options: { redis?: Redis; redisKeyPrefix?: string; hostConcurrency?: number },
  minGapMs: number,
) {
  const server = await slowServer();
  const clients = [testClient({ ...options, minGapMs }), testClient({ ...options, minGapMs })];
  await Promise.all(
    clients.flatMap((client, c) =>
      [0, 1, 2].map((n) => client.fetch({ url: server.url(`/${c}/${n}`), source: 's', kind: 'api' })),
    ),
  );
  return server;
}

describe('politeness without a shared store', () => {
  it('is per client: two clients do not see each other (why workers need Redis)', async () => {
    const server = await burstFromTwo({}, 100);
    expect(server.maxInFlight).toBe(2);
    expect(Math.min(...gaps(server.arrivals))).toBeLessThan(50);
  });

  it('falls back to in-process limits with one warning when Redis fails', async () => {
    const { log, lines } = captureLogs('warn');
    // A client that says it is ready and then fails every command, as during a Redis outage.
    const failing = { status: 'ready', eval: async () => Promise.reject(new Error('connection lost')) };
    const client = testClient({ redis: failing as unknown as Redis, log, minGapMs: 60 });
    const server = await slowServer();
    const results = await Promise.all(
      [1, 2, 3].map((n) => client.fetch({ url: server.url(`/${n}`), source: 's', kind: 'api' })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(server.maxInFlight).toBe(1);
    for (const gap of gaps(server.arrivals)) expect(gap).toBeGreaterThanOrEqual(60 - SLACK_MS);
    const warnings = lines().filter((line) =>
      String(line.msg).startsWith('host politeness: Redis unavailable'),
    );
    expect(warnings).toHaveLength(1);
  });
});

// Needs a real Redis (REDIS_URL), as in CI; without it the in-process tests above still run.
describe.runIf(TEST_REDIS_URL)('politeness shared through Redis', () => {
  const { log } = captureLogs('warn');
  let redis: Redis;
  const prefix = () => `aiq:test:${randomUUID()}:host:`;

  beforeAll(async () => {
    redis = connectRedis(TEST_REDIS_URL ?? '', log);
    await new Promise<void>((resolve) =>
      redis.status === 'ready' ? resolve() : redis.once('ready', resolve),
    );
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('keeps the gap and one request in flight across two clients', async () => {
    const server = await burstFromTwo({ redis, redisKeyPrefix: prefix() }, 100);
    expect(server.arrivals).toHaveLength(6);
    expect(server.maxInFlight).toBe(1);
    for (const gap of gaps(server.arrivals)) expect(gap).toBeGreaterThanOrEqual(100 - SLACK_MS);
    // Both clients got turns: the lock is shared, not won once by one side.
    const byClient = new Set(server.paths().map((path) => path.split('/')[1]));
    expect(byClient).toEqual(new Set(['0', '1']));
  });

  it('shares a raised host concurrency across clients: two in flight in all, not two each', async () => {
    const server = await burstFromTwo({ redis, redisKeyPrefix: prefix(), hostConcurrency: 2 }, 0);
    expect(server.arrivals).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
  });

  it('holds a host for every client after one of them got a Retry-After', async () => {
    let calls = 0;
    const server = await startServer((_req, res) => {
      calls++;
      if (calls === 1) page(res, 'slow down', 429, { 'retry-after': '1' });
      else page(res, 'ok');
    });
    const redisKeyPrefix = prefix();
    const first = testClient({ redis, redisKeyPrefix, maxRetryAfterMs: 0 });
    const second = testClient({ redis, redisKeyPrefix });
    expect(await first.fetch({ url: server.url('/a'), source: 's', kind: 'api' })).toMatchObject({
      ok: false,
      retry: 'later',
    });
    expect(await second.fetch({ url: server.url('/b'), source: 's', kind: 'api' })).toMatchObject({
      ok: true,
    });
    expect(gaps(server.arrivals)[0]).toBeGreaterThanOrEqual(1_000 - SLACK_MS);
  });
});
