import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules, registerModuleJobs } from '../../src/composition.js';
import { defaultSourceRegistry } from '../../src/modules/sources/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import {
  crawlStartJob,
  runCrawlLocally,
  scheduleCrawls,
  startCrawl,
} from '../../src/workflows/crawl/index.js';
import { type LocalServer, startLocalServer, waitFor } from '../support/local-server.js';
import { createTestPlatform } from '../support/test-platform.js';

const POSTINGS = ['atlanta_7505229747', 'atlanta_7505500344', 'atlanta_7505883613'];
const page = (name: string) => readFileSync(`fixtures/craigslist/corpus/postings/${name}.html`, 'utf8');
const blockPage = readFileSync('fixtures/craigslist/corpus/not_postings/atlanta_7511915393.html', 'utf8');

/** A local stand-in for a Craigslist site: robots.txt, one static search page, postings, a block page. */
function craigslistSite(base: () => string) {
  return (request: { url: string }, response: import('node:http').ServerResponse) => {
    const send = (status: number, body: string, type = 'text/html') => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    if (request.url === '/robots.txt')
      return send(200, 'User-agent: *\nDisallow: /test/private/\n', 'text/plain');
    if (request.url === '/test/search/reo') {
      const links = [
        ...POSTINGS.map((name) => `/test/apa/d/home/${name.split('_')[1]}.html`),
        '/test/private/d/secret/7000000001.html',
        '/test/apa/d/blocked/7000000002.html',
      ];
      const items = links.map(
        (href) =>
          `<li class="cl-static-search-result" title="x"><a href="${base()}${href}"><div class="title">x</div></a></li>`,
      );
      return send(
        200,
        `<html><body class="no-js search"><ol class="cl-static-search-results">${items.join('')}</ol></body></html>`,
      );
    }
    if (request.url === '/test/search/apa')
      return send(200, '<html><body><ol class="cl-static-search-results"></ol></body></html>');
    const posting = POSTINGS.find((name) => request.url.endsWith(`/${name.split('_')[1]}.html`));
    if (posting) return send(200, page(posting));
    if (request.url.endsWith('/7000000002.html')) return send(200, blockPage);
    return send(404, 'not found');
  };
}

describe('crawling a Craigslist site', () => {
  let platform: Platform;
  let app: App;
  let site: LocalServer;

  beforeAll(async () => {
    let url = '';
    site = await startLocalServer(craigslistSite(() => url));
    url = site.url;
    platform = await createTestPlatform({
      env: {
        FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        FETCH_MIN_GAP_MS: '0',
        ADMIN_TOKEN: 'admin-token-0123456789',
      },
    });
    await platform.db.query(`UPDATE sources SET settings = settings || $1 WHERE id = 'craigslist'`, [
      JSON.stringify({ base_url: `${site.url}/{site}`, sites: ['test'] }),
    ]);
    const modules = createModules(platform);
    registerModuleJobs(platform, modules);
    app = await buildApp(platform, modules);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
    await site.close();
  });

  it('follows search pages to postings, honours robots.txt, counts block pages, and stores leads', async () => {
    const sources = defaultSourceRegistry();
    const run = await startCrawl(
      { db: platform.db, sources, dispatch: async () => undefined },
      'craigslist',
      'cli',
      {},
    );
    const counts = await runCrawlLocally(
      { db: platform.db, log: platform.log, sources, fetch: platform.fetch },
      run.id,
      2,
    );
    expect(counts).toMatchObject({
      pages: 7,
      queued: 0,
      parsed: 5,
      robots: 1,
      blocked: 1,
      failed: 0,
      leads_created: 3,
    });
    expect(site.requests.some((r) => r.url.includes('/private/'))).toBe(false);
    const { rows } = await platform.db.query<{ external_id: string }>(
      `SELECT external_id FROM lead_sources WHERE source_id = 'craigslist' ORDER BY external_id`,
    );
    expect(rows.map((r) => r.external_id)).toEqual(POSTINGS.map((name) => name.split('_')[1]));
    const meta = await platform.db.query<{ fetch_meta: { robots: { allowed: boolean; checked: boolean } } }>(
      `SELECT fetch_meta FROM raw_records WHERE source_id = 'craigslist' LIMIT 1`,
    );
    expect(meta.rows[0]!.fetch_meta.robots).toMatchObject({ checked: true, allowed: true });
  });

  it('runs a crawl started through the admin API on the job workers; a re-crawl changes nothing', async () => {
    await platform.jobs.start({ work: true });
    const started = await app.inject({
      method: 'POST',
      url: '/v1/admin/crawls',
      headers: { authorization: 'Bearer admin-token-0123456789' },
      payload: { source: 'craigslist', sites: ['test'] },
    });
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    interface CrawlDetail {
      run: { status: string; counts: Record<string, number> };
      pages: { url: string; status: string }[];
    }
    const detail = await waitFor<CrawlDetail>(async () => {
      const res = await app.inject({
        url: `/v1/admin/crawls/${id}`,
        headers: { authorization: 'Bearer admin-token-0123456789' },
      });
      const body = res.json() as CrawlDetail;
      return body.run.status === 'done' ? body : undefined;
    }, 50_000);
    expect(detail.run.counts).toMatchObject({
      pages: 7,
      unchanged: 3,
      robots: 1,
      blocked: 1,
      leads_created: 0,
    });
    const statuses = detail.pages.map((p) => [p.url.replace(site.url, ''), p.status]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        ['/test/search/reo', 'parsed'],
        ['/test/private/d/secret/7000000001.html', 'robots'],
        ['/test/apa/d/blocked/7000000002.html', 'blocked'],
      ]),
    );
  }, 60_000);

  it('keeps a crawl schedule per source that asks for one, and a scheduled start crawls like any other', async () => {
    await platform.db.query(
      `UPDATE sources SET settings = settings || '{"schedule": "0 * * * *"}' WHERE id = 'craigslist'`,
    );
    await scheduleCrawls(platform.jobs, platform.db, ['craigslist', 'zillow']);
    const schedules = await platform.jobs.listSchedules(crawlStartJob);
    expect(schedules.map((s) => [s.key, s.cron])).toEqual([['craigslist', '0 * * * *']]);

    await platform.jobs.enqueue(crawlStartJob, { source: 'craigslist' });
    const run = await waitFor(async () => {
      const { rows } = await platform.db.query<{ status: string }>(
        `SELECT status FROM crawl_runs WHERE trigger = 'schedule' AND status = 'done'`,
      );
      return rows[0];
    }, 50_000);
    expect(run.status).toBe('done');

    await platform.db.query(`UPDATE sources SET settings = settings - 'schedule' WHERE id = 'craigslist'`);
    await scheduleCrawls(platform.jobs, platform.db, ['craigslist', 'zillow']);
    expect(await platform.jobs.listSchedules(crawlStartJob)).toEqual([]);
  }, 60_000);
});
