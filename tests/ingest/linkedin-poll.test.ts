import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModules, registerModuleJobs } from '../../src/composition.js';
import { ConfigError } from '../../src/config.js';
import { defaultSourceRegistry } from '../../src/modules/sources/index.js';
import type { Platform } from '../../src/platform/platform.js';
import {
  ingestPayload,
  type LinkedInPollDeps,
  linkedInPollJob,
  pollLinkedInOwner,
  scheduleLinkedInPolls,
} from '../../src/workflows/ingest/index.js';
import { type LocalServer, startLocalServer, waitFor } from '../support/local-server.js';
import { createTestPlatform } from '../support/test-platform.js';

const OWNER = 'urn:li:sponsoredAccount:522529623';
const OTHER = 'urn:li:sponsoredAccount:700000001';
const TOKEN = 'li-token-for-tests';
const json = (name: string) => JSON.parse(readFileSync(`fixtures/linkedin/${name}`, 'utf8'));
type Element = { id: string; submittedAt: number };

// Four responses to two forms, submitted two days ago (the fixtures' own dates are years old).
const base = Date.now() - 2 * 86_400_000;
const seller = json('leadFormResponses_seller.json').elements.slice(0, 2) as Element[];
const ownerPage = json('leadFormResponses_q_owner_response.json').elements as Element[];
const responses = [...seller, ...ownerPage].map((element, i) => ({
  ...element,
  submittedAt: base + (i + 1) * 1000,
}));
const forms: Record<string, unknown> = {
  '4471': json('leadForm_seller.json'),
  '3162': json('leadForm_3162.json'),
};

const CURSOR_SQL = `SELECT cursor FROM source_cursors WHERE source_id = 'linkedin' AND scope = $1`;
const CONTACT_SQL = `SELECT c.name, c.phones, c.emails, c.consent FROM contacts c
  JOIN lead_sources ls ON ls.lead_id = c.lead_id WHERE ls.source_id = 'linkedin' AND ls.external_id = $1`;

describe('LinkedIn Lead Gen poll → leads', () => {
  let platform: Platform;
  let api: LocalServer;
  let deps: LinkedInPollDeps;
  let pageSize = 2;
  let refuse = false;
  const calls = (path: string) => api.requests.filter((r) => new URL(r.url, api.url).pathname === path);
  const formCalls = () => [calls('/rest/leadForms/4471').length, calls('/rest/leadForms/3162').length];
  const count = async (sql: string) =>
    Number((await platform.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`)).rows[0]!.n);
  const cursor = async () => (await platform.db.query(CURSOR_SQL, [OWNER])).rows[0]?.cursor;

  beforeAll(async () => {
    // Stands for api.linkedin.com/rest: q=owner finder with start/count/total paging, and leadForms/{id}.
    api = await startLocalServer((request, response) => {
      const url = new URL(request.url, 'http://linkedin.test');
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      const h = request.headers;
      if (refuse || h.authorization !== `Bearer ${TOKEN}`) {
        return send(401, { status: 401, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' });
      }
      if (h['linkedin-version'] !== '202606' || h['x-restli-protocol-version'] !== '2.0.0') {
        return send(400, { status: 400, message: 'missing LinkedIn-Version / X-Restli-Protocol-Version' });
      }
      const form = /^\/rest\/leadForms\/(\d+)$/.exec(url.pathname);
      if (form) return forms[form[1]!] ? send(200, forms[form[1]!]) : send(404, { status: 404 });
      if (url.pathname !== '/rest/leadFormResponses' || url.searchParams.get('q') !== 'owner')
        return send(404, {});
      if (url.searchParams.get('owner') !== `(sponsoredAccount:${OWNER})`) return send(403, { status: 403 });
      const after = Number(/start:(\d+)/.exec(url.searchParams.get('submittedAtTimeRange') ?? '')?.[1]);
      const start = Number(url.searchParams.get('start') ?? 0);
      const matching = responses.filter((r) => r.submittedAt >= after);
      send(200, {
        elements: matching.slice(start, start + pageSize),
        paging: { start, count: pageSize, total: matching.length },
      });
    });
    platform = await createTestPlatform({
      env: {
        FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        FETCH_MIN_GAP_MS: '0',
        LINKEDIN_API_URL: `${api.url}/rest`,
        LINKEDIN_ACCESS_TOKEN: TOKEN,
        LINKEDIN_AD_ACCOUNTS: `${OWNER}, ${OTHER}`,
        LINKEDIN_VERSION: '202606',
      },
    });
    registerModuleJobs(platform, createModules(platform));
    await platform.jobs.start({ work: true });
    deps = { ...platform, sources: defaultSourceRegistry() };
  });
  afterAll(async () => {
    await platform.close();
    await api.close();
  });

  it('reads both pages, fetches each form once, and creates a lead per response with contact and consent', async () => {
    const startedAt = Date.now();
    const summary = await pollLinkedInOwner(deps, OWNER);
    expect(summary).toMatchObject({ pages: 2, responses: 4, leadsCreated: 4, leadsUpdated: 0 });

    const pages = calls('/rest/leadFormResponses').map((r) => new URL(r.url, api.url).searchParams);
    expect(pages.map((p) => p.get('start'))).toEqual(['0', '2']);
    const after = Number(/start:(\d+)/.exec(pages[0]!.get('submittedAtTimeRange')!)![1]);
    // A first poll looks 30 days back; both pages ask for the same window.
    expect(Math.abs(after - (startedAt - 30 * 86_400_000))).toBeLessThan(60_000);
    expect(pages[1]!.get('submittedAtTimeRange')).toBe(pages[0]!.get('submittedAtTimeRange'));
    expect(formCalls()).toEqual([1, 1]);

    const raw = await platform.db.query<{ external_id: string; content_type: string; payload: string }>(
      `SELECT external_id, content_type, payload FROM raw_records WHERE source_id = 'linkedin' ORDER BY id`,
    );
    expect(raw.rows.map((r) => [r.external_id, r.content_type])).toEqual([
      [`leadFormResponses:${OWNER}:${after}:0`, 'application/json'],
      [`leadFormResponses:${OWNER}:${after}:2`, 'application/json'],
    ]);
    const bundle = JSON.parse(raw.rows[0]!.payload);
    expect(bundle).toMatchObject({
      owner: OWNER,
      responses: { paging: { start: 0, total: 4 } },
      forms: [{ id: 4471 }],
    });
    expect(bundle.request_url).toContain('/rest/leadFormResponses?q=owner');
    expect(raw.rows[0]!.payload).not.toContain(TOKEN);

    const leads = await platform.db.query<{ external_id: string; listing_type: string; city: string | null }>(
      `SELECT ls.external_id, l.listing_type, l.city FROM leads l JOIN lead_sources ls ON ls.lead_id = l.id
        WHERE ls.source_id = 'linkedin' ORDER BY ls.external_id`,
    );
    expect(leads.rows.map((r) => r.external_id).sort()).toEqual(responses.map((r) => r.id).sort());
    expect(new Set(leads.rows.map((r) => r.listing_type))).toEqual(new Set(['form_lead']));
    const contact = async (externalId: string) =>
      (await platform.db.query(CONTACT_SQL, [externalId])).rows[0];
    expect(await contact(seller[0]!.id)).toEqual({
      name: 'Robin Fictional',
      phones: ['+16145550177'],
      emails: ['robin.fictional@example.com'],
      consent: {
        text: 'I agree to be contacted by phone and text about selling my home.\nSend me market updates by email.',
        answers: [
          { key: '4', accepted: true },
          { key: '5', accepted: false },
        ],
      },
    });
    expect(await contact('lead-a')).toMatchObject({
      name: 'Ada',
      emails: ['ada@example.com'],
      consent: { answers: [{ key: '4', accepted: true }] },
    });
    expect(leads.rows.find((r) => r.external_id === seller[0]!.id)?.city).toBe('Columbus');

    // Paging done: the next window starts just after the newest response seen.
    expect(await cursor()).toEqual({ submittedAfter: base + 4001, start: 0, newestSeen: null });
  });

  it('a second poll asks only for newer responses and creates nothing', async () => {
    const before = api.requests.length;
    const summary = await pollLinkedInOwner(deps, OWNER);
    expect(summary).toMatchObject({ pages: 1, responses: 0, leadsCreated: 0 });
    const asked = api.requests.slice(before).map((r) => new URL(r.url, api.url));
    expect(asked.map((u) => [u.pathname, u.searchParams.get('submittedAtTimeRange')])).toEqual([
      ['/rest/leadFormResponses', `(start:${base + 4001})`],
    ]);
    expect(await count(`lead_sources WHERE source_id = 'linkedin'`)).toBe(4);
    expect(await cursor()).toEqual({ submittedAfter: base + 4001, start: 0, newestSeen: null });
  });

  it('re-reading the same responses (cursor reset, other page size) creates no duplicate leads', async () => {
    await platform.db.query(
      `UPDATE source_cursors SET cursor = $1 WHERE source_id = 'linkedin' AND scope = $2`,
      [JSON.stringify({ submittedAfter: base, start: 0 }), OWNER],
    );
    pageSize = 3;
    const summary = await pollLinkedInOwner(deps, OWNER);
    pageSize = 2;
    expect(summary).toMatchObject({ pages: 2, responses: 4, leadsCreated: 0 });
    expect(await count('leads')).toBe(4);
    // The new pages are provenance of the same four leads (one lead_sources row per lead and record).
    const sources = await platform.db.query<{ leads: number; records: number }>(
      `SELECT count(DISTINCT lead_id) AS leads, count(DISTINCT raw_record_id) AS records
         FROM lead_sources WHERE source_id = 'linkedin'`,
    );
    expect(sources.rows[0]).toEqual({ leads: 4, records: 4 });
    // Forms come from the cache (kept a day), not from LinkedIn again.
    expect(formCalls()).toEqual([1, 1]);
  });

  it('without a token the poll fails clearly and nothing is fetched', async () => {
    const before = api.requests.length;
    const noToken = { ...deps, config: { ...platform.config, LINKEDIN_ACCESS_TOKEN: undefined } };
    await expect(pollLinkedInOwner(noToken, OWNER)).rejects.toThrow(
      'LINKEDIN_ACCESS_TOKEN is not set: cannot poll LinkedIn lead forms',
    );
    expect(api.requests.length).toBe(before);
  });

  it('a 401 from LinkedIn fails the queued job with a clear message and stores nothing', async () => {
    const records = await count(`raw_records WHERE source_id = 'linkedin'`);
    const saved = await cursor();
    refuse = true;
    try {
      const id = await platform.jobs.enqueue(linkedInPollJob, { owner: OWNER });
      const job = await waitFor(async () => {
        const { rows } = await platform.db.query<{ state: string; output: { message?: string } | null }>(
          `SELECT state, output FROM ${platform.db.schema}_pgboss.job WHERE id = $1`,
          [id],
        );
        return rows[0] && ['retry', 'failed'].includes(rows[0].state) ? rows[0] : undefined;
      });
      expect(job.output?.message).toMatch(
        /^LinkedIn refused the access token for leadFormResponses \(HTTP 401\)/,
      );
    } finally {
      refuse = false;
    }
    expect(await count(`raw_records WHERE source_id = 'linkedin'`)).toBe(records);
    expect(await cursor()).toEqual(saved);
  });

  it('the linkedin adapter also reads a Connections.csv export, told apart by its content', async () => {
    const csv = readFileSync('fixtures/linkedin/Connections.bom-crlf-edgecases.csv', 'utf8');
    const result = await ingestPayload(deps, { sourceId: 'linkedin', payload: csv, contentType: 'text/csv' });
    expect(result).toMatchObject({ status: 'parsed', leads: { length: 4 } });
  });

  it('schedules one poll per configured ad account, and drops the schedules of accounts no longer set', async () => {
    const ingestion = createModules(platform).find((module) => module.name === 'ingestion');
    await ingestion!.afterStart!(platform.jobs);
    const keyed = async () =>
      (await platform.jobs.listSchedules(linkedInPollJob)).map((s) => [s.key, s.cron, s.payload]).sort();
    expect(await keyed()).toEqual([
      [OWNER, '*/15 * * * *', { owner: OWNER }],
      [OTHER, '*/15 * * * *', { owner: OTHER }],
    ]);
    await ingestion!.afterStart!(platform.jobs);
    expect(await keyed()).toHaveLength(2);

    const config = { ...platform.config, LINKEDIN_AD_ACCOUNTS: OWNER };
    const reschedule = (changes: Partial<typeof config>) =>
      scheduleLinkedInPolls(platform.jobs, { config: { ...config, ...changes }, log: platform.log });
    await reschedule({});
    expect((await keyed()).map(([key]) => key)).toEqual([OWNER]);
    await expect(reschedule({ LINKEDIN_AD_ACCOUNTS: '522529623' })).rejects.toBeInstanceOf(ConfigError);
    // No token: nothing would succeed, so nothing stays scheduled.
    await reschedule({ LINKEDIN_ACCESS_TOKEN: undefined });
    expect(await keyed()).toEqual([]);
  });
});
