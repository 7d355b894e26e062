import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../../src/platform/cache/index.js';
import { closeAll, gaps, page, startServer, testClient } from './fetch-support.js';

afterEach(closeAll);

const ROBOTS = [
  'User-agent: *',
  'Disallow: /private',
  '',
  'User-agent: AIQLeadsBot',
  'Disallow: /no-bots',
  'Allow: /no-bots/ok',
  '',
].join('\n');

/** A site whose robots.txt answer the test controls; every other path is a small page. */
async function site(robots: () => { status: number; body?: string; hang?: boolean }) {
  return startServer(async (req, res) => {
    if (req.url === '/robots.txt') {
      const answer = robots();
      if (answer.hang) return; // Never answers: the client's timeout must end it.
      res.writeHead(answer.status, { 'content-type': 'text/plain' });
      res.end(answer.body ?? '');
      return;
    }
    if (req.url === '/go-private') {
      res.writeHead(302, { location: '/no-bots/secret' });
      res.end();
      return;
    }
    page(res, `<p>${req.url}</p>`);
  });
}

describe('robots.txt (RFC 9309)', () => {
  it('matches our product token group, refuses disallowed URLs without requesting them, fetches once', async () => {
    const server = await site(() => ({ status: 200, body: ROBOTS }));
    const client = testClient();
    const crawl = (path: string) => client.fetch({ url: server.url(path), source: 'site', kind: 'crawl' });

    const refused = await crawl('/no-bots/page');
    expect(refused).toMatchObject({ ok: false, kind: 'robots', retry: 'never' });
    expect(refused.robots).toMatchObject({
      checked: true,
      allowed: false,
      source: 'robots_txt',
      status: 200,
      line: 5,
    });
    // Our group replaces the `*` group, so /private is allowed for us, and the longer Allow wins.
    const allowedByGroup = await crawl('/private');
    expect(allowedByGroup).toMatchObject({ ok: true, status: 200 });
    expect(allowedByGroup.robots).toMatchObject({ allowed: true, line: -1 });
    expect(await crawl('/no-bots/ok')).toMatchObject({ ok: true, robots: { allowed: true, line: 6 } });
    expect(server.paths()).toEqual(['/robots.txt', '/private', '/no-bots/ok']);
    expect(Date.parse(refused.robots?.fetchedAt ?? '')).not.toBeNaN();
  });

  it('checks every redirect hop against robots.txt', async () => {
    const server = await site(() => ({ status: 200, body: ROBOTS }));
    const result = await testClient().fetch({
      url: server.url('/go-private'),
      source: 'site',
      kind: 'crawl',
    });
    expect(result).toMatchObject({ ok: false, kind: 'robots', url: server.url('/no-bots/secret') });
    expect(server.paths()).toEqual(['/robots.txt', '/go-private']);
  });

  it('treats a 404 robots.txt as allow-all', async () => {
    const server = await site(() => ({ status: 404 }));
    const result = await testClient().fetch({ url: server.url('/anything'), source: 'site', kind: 'crawl' });
    expect(result).toMatchObject({ ok: true, robots: { allowed: true, source: 'unavailable', status: 404 } });
  });

  it('treats a 5xx robots.txt as disallow-all, for a shorter time', async () => {
    let status = 500;
    const server = await site(() => ({ status }));
    const client = testClient({ robotsErrorTtlMs: 100 });
    const refused = await client.fetch({ url: server.url('/a'), source: 'site', kind: 'crawl' });
    expect(refused).toMatchObject({
      ok: false,
      kind: 'robots',
      robots: { source: 'unreachable', status: 500 },
    });
    status = 404;
    expect(await client.fetch({ url: server.url('/a'), source: 'site', kind: 'crawl' })).toMatchObject({
      ok: false,
      kind: 'robots',
    });
    await sleep(150);
    expect(await client.fetch({ url: server.url('/a'), source: 'site', kind: 'crawl' })).toMatchObject({
      ok: true,
    });
    expect(server.paths()).toEqual(['/robots.txt', '/robots.txt', '/a']);
  });

  it('treats a robots.txt that times out as disallow-all', async () => {
    const server = await site(() => ({ status: 200, hang: true }));
    const result = await testClient({ timeoutMs: 150 }).fetch({
      url: server.url('/a'),
      source: 's',
      kind: 'crawl',
    });
    expect(result).toMatchObject({
      ok: false,
      kind: 'robots',
      robots: { allowed: false, source: 'unreachable' },
    });
    expect(result.ms).toBeLessThan(1_000);
  });

  it('keeps robots.txt for its TTL, then fetches it again', async () => {
    const server = await site(() => ({ status: 200, body: ROBOTS }));
    const client = testClient({ robotsTtlMs: 120 });
    await client.fetch({ url: server.url('/1'), source: 's', kind: 'crawl' });
    await client.fetch({ url: server.url('/2'), source: 's', kind: 'crawl' });
    await sleep(150);
    await client.fetch({ url: server.url('/3'), source: 's', kind: 'crawl' });
    expect(server.paths()).toEqual(['/robots.txt', '/1', '/2', '/robots.txt', '/3']);
  });

  it('shares robots.txt answers between clients through a common cache', async () => {
    const server = await site(() => ({ status: 200, body: ROBOTS }));
    const robotsCache = createMemoryCache();
    await testClient({ robotsCache }).fetch({ url: server.url('/1'), source: 's', kind: 'crawl' });
    await testClient({ robotsCache }).fetch({ url: server.url('/2'), source: 's', kind: 'crawl' });
    expect(server.paths()).toEqual(['/robots.txt', '/1', '/2']);
  });

  it('raises the host gap to a larger Crawl-delay', async () => {
    const server = await site(() => ({ status: 200, body: 'User-agent: *\nCrawl-delay: 0.15\n' }));
    const client = testClient({ minGapMs: 10 });
    const results = await Promise.all(
      ['/1', '/2', '/3'].map((path) => client.fetch({ url: server.url(path), source: 's', kind: 'crawl' })),
    );
    expect(results.every((result) => result.ok && result.robots.crawlDelayMs === 150)).toBe(true);
    const pages = server.arrivals.filter((arrival) => arrival.path !== '/robots.txt');
    for (const gap of gaps(pages)) expect(gap).toBeGreaterThanOrEqual(145);
  });

  it('does not ask for robots.txt on API calls', async () => {
    const server = await site(() => ({ status: 200, body: 'User-agent: *\nDisallow: /\n' }));
    const result = await testClient().fetch({ url: server.url('/api/hook'), source: 'slack', kind: 'api' });
    expect(result).toMatchObject({ ok: true, robots: { checked: false, source: 'not_checked' } });
    expect(server.paths()).toEqual(['/api/hook']);
  });
});
