import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, page, startServer, testClient } from './fetch-support.js';

afterEach(closeAll);

/** A server that fails the first `failures` requests with `fail`, then answers 200. */
async function flaky(failures: number, fail: 'status500' | 'reset') {
  let calls = 0;
  return startServer((req, res) => {
    calls++;
    if (calls > failures) return page(res, 'ok');
    if (fail === 'reset')
      req.socket.destroy(); // The connection drops mid-request: ECONNRESET/socket error.
    else page(res, 'oops', 500);
  });
}

describe('retries', () => {
  it('retries a 500 with backoff and succeeds after two failures', async () => {
    const server = await flaky(2, 'status500');
    const result = await testClient({ retries: 2 }).fetch({
      url: server.url('/x'),
      source: 's',
      kind: 'api',
    });
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 3 });
    expect(server.arrivals).toHaveLength(3);
  });

  it('retries a reset connection', async () => {
    const server = await flaky(2, 'reset');
    const result = await testClient({ retries: 2 }).fetch({
      url: server.url('/x'),
      source: 's',
      kind: 'api',
    });
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(server.arrivals).toHaveLength(3);
  });

  it('gives up after the last attempt and says to retry with backoff', async () => {
    const server = await flaky(99, 'status500');
    const result = await testClient({ retries: 2 }).fetch({
      url: server.url('/x'),
      source: 's',
      kind: 'api',
    });
    expect(result).toMatchObject({ ok: false, kind: 'http', status: 500, retry: 'backoff', attempts: 3 });
    expect(server.arrivals).toHaveLength(3);
  });

  it('reports a reset that never stops as a network failure', async () => {
    const server = await flaky(99, 'reset');
    const result = await testClient({ retries: 1 }).fetch({
      url: server.url('/x'),
      source: 's',
      kind: 'api',
    });
    expect(result).toMatchObject({ ok: false, kind: 'network', retry: 'backoff', attempts: 2 });
  });

  it('caps retries at three', async () => {
    const server = await flaky(99, 'status500');
    const result = await testClient({ retries: 10 }).fetch({
      url: server.url('/x'),
      source: 's',
      kind: 'api',
    });
    expect(result).toMatchObject({ ok: false, attempts: 4 });
  });

  it('sleeps a full-jitter share of base·2^attempt between attempts', async () => {
    const server = await flaky(2, 'status500');
    const sleeps: number[] = [];
    const clock = { now: () => Date.now(), sleep: async (ms: number) => void sleeps.push(ms) };
    const client = testClient({ retries: 2, backoffBaseMs: 60, random: () => 0.999, clock });
    expect(await client.fetch({ url: server.url('/x'), source: 's', kind: 'api' })).toMatchObject({
      ok: true,
    });
    expect(sleeps).toEqual([59, 119]);
  });

  it('does not retry a 404, nor a POST unless it is marked idempotent', async () => {
    const missing = await startServer((_req, res) => page(res, 'no', 404));
    const client = testClient({ retries: 3 });
    expect(await client.fetch({ url: missing.url('/x'), source: 's', kind: 'api' })).toMatchObject({
      ok: false,
      kind: 'http',
      status: 404,
      retry: 'never',
      attempts: 1,
    });
    const failing = await flaky(99, 'status500');
    const post = {
      url: failing.url('/hook'),
      source: 'slack',
      kind: 'api',
      method: 'POST',
      body: '{}',
    } as const;
    expect(await client.fetch(post)).toMatchObject({ ok: false, retry: 'backoff', attempts: 1 });
    expect(await client.fetch({ ...post, idempotent: true })).toMatchObject({ ok: false, attempts: 4 });
  });
});
