import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { BreakerStateName } from '../../../src/platform/fetch/index.js';
import { closeAll, page, startServer, testClient } from './fetch-support.js';

afterEach(closeAll);

const breaker = { threshold: 0.5, windowMs: 1_000, minimumRequests: 4, halfOpenAfterMs: 200 };

describe('circuit breaker per source', () => {
  it('opens on failures, refuses fast while open, half-opens later and closes on success', async () => {
    let healthy = false;
    const server = await startServer((_req, res) => (healthy ? page(res, 'ok') : page(res, 'down', 500)));
    const changes: [string, BreakerStateName][] = [];
    const client = testClient({
      retries: 0,
      breaker,
      onBreakerChange: (source, state) => changes.push([source, state]),
    });
    const get = (source = 'cl') => client.fetch({ url: server.url('/x'), source, kind: 'api' });

    for (let i = 0; i < 4; i++) expect(await get()).toMatchObject({ ok: false, kind: 'http', status: 500 });
    expect(client.breakerState('cl')).toBe('open');
    expect(changes).toEqual([['cl', 'open']]);

    const refused = await get();
    expect(refused).toMatchObject({ ok: false, kind: 'breaker_open', retry: 'stop_source', attempts: 0 });
    expect(refused.ms).toBeLessThan(250); // no request, no wait
    expect(server.arrivals).toHaveLength(4);
    // Another source on the same host has its own breaker.
    expect(await get('other')).toMatchObject({ ok: false, kind: 'http' });
    expect(client.breakerState('other')).toBe('closed');

    await sleep(250);
    healthy = true;
    expect(await get()).toMatchObject({ ok: true });
    expect(changes.filter(([source]) => source === 'cl').map(([, state]) => state)).toEqual([
      'open',
      'half_open',
      'closed',
    ]);
    expect(client.breakerState('cl')).toBe('closed');
  });

  it('opens again when the half-open trial fails', async () => {
    const server = await startServer((_req, res) => page(res, 'down', 503));
    const client = testClient({ retries: 0, breaker });
    for (let i = 0; i < 4; i++) await client.fetch({ url: server.url('/x'), source: 'z', kind: 'api' });
    await sleep(250);
    expect(await client.fetch({ url: server.url('/x'), source: 'z', kind: 'api' })).toMatchObject({
      kind: 'http',
    });
    expect(client.breakerState('z')).toBe('open');
    expect(await client.fetch({ url: server.url('/x'), source: 'z', kind: 'api' })).toMatchObject({
      kind: 'breaker_open',
    });
  });

  it('is not opened by client errors such as 404', async () => {
    const server = await startServer((_req, res) => page(res, 'gone', 404));
    const client = testClient({ breaker });
    for (let i = 0; i < 6; i++) await client.fetch({ url: server.url(`/${i}`), source: 'cl', kind: 'api' });
    expect(client.breakerState('cl')).toBe('closed');
  });
});

describe('block pages', () => {
  it('returns a typed blocked outcome for a Cloudflare page, without retrying it', async () => {
    const server = await startServer((_req, res) =>
      page(res, '<html><title>Attention Required! | Cloudflare</title></html>', 403),
    );
    const result = await testClient({ retries: 3 }).fetch({
      url: server.url('/x'),
      source: 'zillow',
      kind: 'api',
    });
    expect(result).toMatchObject({
      ok: false,
      kind: 'blocked',
      reason: 'cloudflare_attention',
      retry: 'later',
      status: 403,
      attempts: 1,
    });
    expect(server.arrivals).toHaveLength(1);
  });

  it('uses the source detector on pages that look fine to generic checks', async () => {
    const server = await startServer((_req, res) => page(res, '<h1>Please verify you are a human</h1>'));
    const detectBlock = ({ body }: { body: string }) =>
      body.includes('verify you are a human') ? 'human_check' : null;
    const client = testClient();
    expect(
      await client.fetch({ url: server.url('/x'), source: 'fsbo', kind: 'api', detectBlock }),
    ).toMatchObject({
      ok: false,
      kind: 'blocked',
      reason: 'human_check',
    });
    expect(await client.fetch({ url: server.url('/x'), source: 'fsbo', kind: 'api' })).toMatchObject({
      ok: true,
    });
  });
});
