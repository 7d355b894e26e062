import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, gaps, type LocalServer, page, startServer, testClient } from './fetch-support.js';

afterEach(closeAll);

// Arrivals are stamped by the server a moment after the client's turn starts; that moment varies by a
// few ms, so gaps measured at the server are allowed that much slack.
const SLACK_MS = 5;

describe('per-host politeness', () => {
  it('keeps at least minGapMs between request starts to one host', async () => {
    const server = await startServer((_req, res) => page(res, 'ok'));
    const client = testClient({ minGapMs: 80 });
    const started = performance.now();
    await Promise.all(
      [1, 2, 3, 4].map((n) => client.fetch({ url: server.url(`/${n}`), source: 's', kind: 'api' })),
    );
    expect(server.arrivals).toHaveLength(4);
    for (const gap of gaps(server.arrivals)) expect(gap).toBeGreaterThanOrEqual(80 - SLACK_MS);
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 80 - SLACK_MS);
    // First come, first served.
    expect(server.paths()).toEqual(['/1', '/2', '/3', '/4']);
  });

  it('has one request in flight per host, while two hosts proceed in parallel', async () => {
    const servers: LocalServer[] = [];
    let bothBusy = false;
    // Each response waits (up to 500 ms) until the other host also has a request open: if the client
    // queued the two hosts behind each other, that never happens.
    const handler = async (_req: unknown, res: Parameters<typeof page>[0]) => {
      for (let waited = 0; waited < 500; waited += 10) {
        if (servers.every((server) => server.inFlight > 0)) {
          bothBusy = true;
          break;
        }
        await sleep(10);
      }
      page(res, 'ok');
    };
    const a = await startServer(handler);
    const b = await startServer(handler);
    servers.push(a, b);
    const client = testClient({ minGapMs: 0 });
    const results = await Promise.all(
      [a, b, a, b].map((server, i) => client.fetch({ url: server.url(`/${i}`), source: 's', kind: 'api' })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(a.maxInFlight).toBe(1);
    expect(b.maxInFlight).toBe(1);
    expect(bothBusy).toBe(true);
  });

  it('lets hostConcurrency requests to one host run at once, never more, still spacing their starts', async () => {
    const server = await startServer(async (_req, res) => {
      await sleep(100);
      page(res, 'ok');
    });
    const client = testClient({ minGapMs: 40, hostConcurrency: 3 });
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7].map((n) => client.fetch({ url: server.url(`/${n}`), source: 's', kind: 'api' })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(server.maxInFlight).toBe(3);
    // Starts are spaced at the client; with several connections open, a request on a new one can reach
    // the server a little later than its start, so arrivals get more slack here than with one in flight.
    const arrivalGaps = gaps(server.arrivals);
    for (const gap of arrivalGaps) expect(gap).toBeGreaterThanOrEqual(40 - 20);
    expect(arrivalGaps.reduce((sum, gap) => sum + gap, 0)).toBeGreaterThanOrEqual(6 * 40 - 20);
    expect(server.paths()).toEqual(['/1', '/2', '/3', '/4', '/5', '/6', '/7']);
  });

  it('waits out a 429 Retry-After without spending an attempt', async () => {
    let calls = 0;
    const server = await startServer((_req, res) => {
      calls++;
      if (calls === 1) page(res, 'slow down', 429, { 'retry-after': '1' });
      else page(res, 'ok');
    });
    const result = await testClient({ retries: 0 }).fetch({
      url: server.url('/x'),
      source: 's',
      kind: 'api',
    });
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 1 });
    const [wait] = gaps(server.arrivals);
    expect(wait).toBeGreaterThanOrEqual(1_000 - SLACK_MS);
  });

  it('hands a long Retry-After back as retry later, and holds the host for that long', async () => {
    let calls = 0;
    const server = await startServer((_req, res) => {
      calls++;
      if (calls === 1) page(res, 'maintenance', 503, { 'retry-after': '1' });
      else page(res, 'ok');
    });
    const client = testClient({ maxRetryAfterMs: 500 });
    const first = await client.fetch({ url: server.url('/x'), source: 's', kind: 'api' });
    expect(first).toMatchObject({
      ok: false,
      kind: 'http',
      status: 503,
      retry: 'later',
      retryAfterMs: 1_000,
    });
    expect(first.ms).toBeLessThan(900); // handed back, not waited (that would be ≥ 1000 ms)
    const second = await client.fetch({ url: server.url('/y'), source: 's', kind: 'api' });
    expect(second).toMatchObject({ ok: true });
    expect(gaps(server.arrivals)[0]).toBeGreaterThanOrEqual(1_000 - SLACK_MS);
  });
});
