import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, page, startServer, testClient } from './fetch-support.js';

afterEach(closeAll);

async function value(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  const match = metric?.values.find((entry) =>
    Object.entries(labels).every(([key, wanted]) => String(entry.labels[key]) === wanted),
  );
  return match?.value ?? 0;
}

describe('fetch metrics', () => {
  it('counts requests by status or error kind, blocks, robots refusals, durations and breaker state', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/robots.txt') return page(res, 'User-agent: *\nDisallow: /secret\n', 200);
      if (req.url === '/missing') return page(res, 'no', 404);
      if (req.url === '/blocked') return page(res, '<h1>Access Denied</h1>', 403);
      page(res, 'ok');
    });
    const registry = new Registry();
    const client = testClient({ registry });
    const crawl = (path: string) => client.fetch({ url: server.url(path), source: 'cl', kind: 'crawl' });
    for (const path of ['/a', '/b', '/missing', '/secret', '/blocked']) await crawl(path);
    await client.fetch({ url: 'http://10.0.0.1/', source: 'cl', kind: 'api' });

    const requests = (status: string) => value(registry, 'fetch_requests_total', { source: 'cl', status });
    expect(await requests('200')).toBe(2); // robots.txt fetches are not counted as requests
    expect(await requests('404')).toBe(1);
    expect(await requests('403')).toBe(1);
    expect(await requests('robots')).toBe(1);
    expect(await requests('ssrf')).toBe(1);
    expect(await value(registry, 'fetch_blocked_total', { source: 'cl', reason: 'access_denied' })).toBe(1);
    expect(await value(registry, 'fetch_robots_refused_total', { source: 'cl' })).toBe(1);
    const histogram = await registry.getSingleMetric('fetch_duration_seconds')?.get();
    const values = (histogram?.values ?? []) as { metricName?: string; value: number }[];
    const count = values.find((entry) => entry.metricName === 'fetch_duration_seconds_count');
    expect(count?.value).toBe(4);
    expect(await value(registry, 'fetch_breaker_state', { source: 'cl' })).toBe(0);
  });

  it('shares one registry between clients instead of failing on re-registration', async () => {
    const server = await startServer((_req, res) => page(res, 'ok'));
    const registry = new Registry();
    await testClient({ registry }).fetch({ url: server.url('/1'), source: 's', kind: 'api' });
    await testClient({ registry }).fetch({ url: server.url('/2'), source: 's', kind: 'api' });
    expect(await value(registry, 'fetch_requests_total', { source: 's', status: '200' })).toBe(2);
  });

  it('shows an open breaker as 2 on the gauge', async () => {
    const server = await startServer((_req, res) => page(res, 'down', 500));
    const registry = new Registry();
    const breaker = { threshold: 0.5, windowMs: 1_000, minimumRequests: 2, halfOpenAfterMs: 5_000 };
    const client = testClient({ registry, retries: 0, breaker });
    for (let i = 0; i < 2; i++) await client.fetch({ url: server.url('/x'), source: 'pd', kind: 'api' });
    expect(await value(registry, 'fetch_breaker_state', { source: 'pd' })).toBe(2);
  });
});
