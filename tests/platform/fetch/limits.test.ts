import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, page, startServer, testClient } from './fetch-support.js';

afterEach(closeAll);

describe('timeouts and size caps', () => {
  it('times out an attempt that gets no answer, and advises backoff', async () => {
    const server = await startServer(async () => {
      // Never answers.
    });
    const result = await testClient({ timeoutMs: 150, retries: 0 }).fetch({
      url: server.url('/x'),
      source: 's',
      kind: 'api',
    });
    expect(result).toMatchObject({ ok: false, kind: 'timeout', retry: 'backoff', attempts: 1 });
    expect(result.ms).toBeGreaterThanOrEqual(140);
    expect(result.ms).toBeLessThan(1_000);
  });

  it('times out a body that trickles in past the deadline', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 20 && !res.destroyed; i++) {
        res.write('<p>slow</p>');
        await sleep(30);
      }
      res.end();
    });
    const result = await testClient({ timeoutMs: 200, retries: 0 }).fetch({
      url: server.url('/x'),
      source: 's',
      kind: 'api',
    });
    // The body would take 600 ms and then succeed; the 200 ms deadline ends it first.
    expect(result).toMatchObject({ ok: false, kind: 'timeout' });
  });

  it('refuses a declared length over the cap before reading the body', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': '2000000', 'content-type': 'text/html' });
      res.write('x'.repeat(1000)); // The rest never comes; the client must not wait for it.
    });
    const result = await testClient({ maxBytes: 100_000 }).fetch({
      url: server.url('/x'),
      source: 's',
      kind: 'api',
    });
    expect(result).toMatchObject({ ok: false, kind: 'too_large', retry: 'never', status: 200, attempts: 1 });
  });

  it('stops a chunked body at the cap, and accepts one exactly at it', async () => {
    const server = await startServer(async (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const size = req.url === '/big' ? 300_000 : 100_000;
      for (let sent = 0; sent < size && !res.destroyed; sent += 10_000) {
        res.write('y'.repeat(10_000));
        await sleep(1);
      }
      res.end();
    });
    const client = testClient({ maxBytes: 100_000 });
    expect(await client.fetch({ url: server.url('/big'), source: 's', kind: 'api' })).toMatchObject({
      ok: false,
      kind: 'too_large',
      retry: 'never',
    });
    expect(await client.fetch({ url: server.url('/exact'), source: 's', kind: 'api' })).toMatchObject({
      ok: true,
      bytes: 100_000,
    });
  });

  it('decompresses gzip, and caps the decompressed size (no zip bombs)', async () => {
    const small = gzipSync('<p>zipped café</p>');
    const bomb = gzipSync(Buffer.alloc(20_000_000)); // ~20 KB on the wire, 20 MB inflated.
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
      res.end(req.url === '/bomb' ? bomb : small);
    });
    const client = testClient({ maxBytes: 1_000_000 });
    expect(await client.fetch({ url: server.url('/small'), source: 's', kind: 'api' })).toMatchObject({
      ok: true,
      body: '<p>zipped café</p>',
    });
    expect(await client.fetch({ url: server.url('/bomb'), source: 's', kind: 'api' })).toMatchObject({
      ok: false,
      kind: 'too_large',
    });
    expect(server.arrivals[0]?.headers['accept-encoding']).toContain('gzip');
  });

  it('sends the clear User-Agent whatever the caller passes', async () => {
    const server = await startServer((_req, res) => page(res, 'ok'));
    await testClient().fetch({
      url: server.url('/'),
      source: 's',
      kind: 'api',
      headers: { 'User-Agent': 'Mozilla' },
    });
    expect(server.arrivals[0]?.headers['user-agent']).toBe('AIQLeadsBot/0.1 (+https://aiqleads.example/bot)');
  });
});
