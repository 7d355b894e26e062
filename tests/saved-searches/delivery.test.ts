import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import {
  createDeliveryService,
  createSmtpMailer,
  type DeliveryService,
  matchNewLeads,
} from '../../src/modules/saved-searches/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { signUp } from '../support/auth.js';
import { type LocalServer, startLocalServer } from '../support/local-server.js';
import { createTestPlatform } from '../support/test-platform.js';
import { makeLead, saveSearch } from './factories.js';
import { type LocalSmtpServer, startSmtpServer, subjectOf, textOf } from './smtp-server.js';

const SECRET = 'whsec-test-0123456789';
let platform: Platform;
let app: App;
let hook: LocalServer;
let smtp: LocalSmtpServer;
let delivery: DeliveryService;
let hookStatus: number[] = [];

beforeAll(async () => {
  platform = await createTestPlatform({
    env: { FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1', FETCH_MIN_GAP_MS: '0' },
  });
  app = await buildApp(platform, createModules(platform));
  await app.ready();
  hook = await startLocalServer((_request, response) => {
    response.statusCode = hookStatus.shift() ?? 200;
    response.end('ok');
  });
  smtp = await startSmtpServer();
  delivery = createDeliveryService({
    db: platform.db,
    fetch: platform.fetch,
    mailer: createSmtpMailer(smtp.url, 'AIQLeads <alerts@aiqleads.example>'),
    log: platform.log,
    maxAttempts: 3,
  });
});
afterAll(async () => {
  await hook.close();
  await smtp.close();
  await app.close();
  await platform.close();
});
beforeEach(() => {
  hook.requests.length = 0;
  smtp.messages.length = 0;
  hookStatus = [];
});

const later = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

async function deliveryStates(searchId: string) {
  const { rows } = await platform.db.query<{ channel: string; status: string; attempts: number }>(
    `SELECT channel, status, attempts FROM notification_deliveries WHERE saved_search_id = $1 ORDER BY channel`,
    [searchId],
  );
  return rows;
}

describe('alert delivery', () => {
  it('POSTs a signed webhook, retrying a server error with backoff, and logs every attempt', async () => {
    const buyer = await signUp(app, platform.db);
    const searchId = await saveSearch(app, buyer.headers, {
      name: 'Hook 87120',
      query: { zip: '87120' },
      channels: { webhook: { url: `${hook.url}/aiq`, secret: SECRET } },
    });
    const lead = await makeLead(platform.db, { zip: '87120' });
    const now = new Date();
    await matchNewLeads(platform.db, [lead], now);

    hookStatus = [503];
    expect(await delivery.deliverDue(now)).toMatchObject({ pending: 1, sent: 0 });
    expect(await delivery.deliverDue(later(now, 5))).toMatchObject({ pending: 0, sent: 0 });
    expect(await delivery.deliverDue(later(now, 31))).toMatchObject({ sent: 1 });
    expect(await deliveryStates(searchId)).toEqual([{ channel: 'webhook', status: 'sent', attempts: 2 }]);

    expect(hook.requests).toHaveLength(2);
    const received = hook.requests[1]!;
    const expected = `sha256=${createHmac('sha256', SECRET).update(received.body).digest('hex')}`;
    expect(received.headers['x-aiqleads-signature']).toBe(expected);
    const body = JSON.parse(received.body);
    expect(body).toMatchObject({
      type: 'saved_search.matches',
      saved_search: { id: searchId, name: 'Hook 87120' },
    });
    expect(body.matches[0].lead).toMatchObject({ id: lead, contact: { phones_masked: ['••• ••• ••42'] } });
    expect(received.body).not.toContain('5055550142');
    expect(received.body).not.toContain('pat.owner@example.com');

    const log = await platform.db.query<{ attempt: number; ok: boolean; http_status: number }>(
      `SELECT a.attempt, a.ok, a.http_status FROM notification_delivery_attempts a
         JOIN notification_deliveries d ON d.id = a.delivery_id WHERE d.saved_search_id = $1 ORDER BY a.attempt`,
      [searchId],
    );
    expect(log.rows).toEqual([
      { attempt: 1, ok: false, http_status: 503 },
      { attempt: 2, ok: true, http_status: 200 },
    ]);
  });

  it('gives up at once on a 4xx answer (the receiver refused the request)', async () => {
    const buyer = await signUp(app, platform.db);
    const searchId = await saveSearch(app, buyer.headers, {
      name: 'Hook 87121',
      query: { zip: '87121' },
      channels: { webhook: { url: `${hook.url}/gone`, secret: SECRET } },
    });
    await matchNewLeads(platform.db, [await makeLead(platform.db, { zip: '87121' })], new Date());
    hookStatus = [410];
    expect(await delivery.deliverDue(new Date())).toMatchObject({ failed: 1 });
    expect(await deliveryStates(searchId)).toEqual([{ channel: 'webhook', status: 'failed', attempts: 1 }]);
  });

  it('emails the account through SMTP (local server), retrying a temporary refusal', async () => {
    const buyer = await signUp(app, platform.db);
    const searchId = await saveSearch(app, buyer.headers, {
      name: 'Mail 87122',
      query: { zip: '87122' },
      channels: { email: true },
    });
    await matchNewLeads(platform.db, [await makeLead(platform.db, { zip: '87122' })], new Date());
    smtp.failNext(1);
    const now = new Date();
    expect(await delivery.deliverDue(now)).toMatchObject({ pending: 1 });
    expect(await delivery.deliverDue(later(now, 31))).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.to).toEqual([buyer.email]);
    expect(subjectOf(mail)).toBe('1 new lead for your saved search "Mail 87122"');
    expect(textOf(mail)).toContain('contact: P. ••• ••• ••42 •••@example.com (full contact after purchase)');
    expect(textOf(mail)).not.toContain('5055550142');
    expect(textOf(mail)).not.toContain('pat.owner');
    expect(await deliveryStates(searchId)).toEqual([{ channel: 'email', status: 'sent', attempts: 2 }]);
  });

  it('skips email when SMTP is not configured: the alert stays in-app', async () => {
    const inAppOnly = createDeliveryService({
      db: platform.db,
      fetch: platform.fetch,
      mailer: null,
      log: platform.log,
      maxAttempts: 3,
    });
    const buyer = await signUp(app, platform.db);
    const searchId = await saveSearch(app, buyer.headers, {
      name: 'No SMTP',
      query: { zip: '87123' },
      channels: { email: true },
    });
    await matchNewLeads(platform.db, [await makeLead(platform.db, { zip: '87123' })], new Date());
    expect(await inAppOnly.deliverDue(new Date())).toMatchObject({ skipped: 1 });
    expect(await deliveryStates(searchId)).toEqual([{ channel: 'email', status: 'skipped', attempts: 1 }]);
    const list = await app.inject({ url: '/v1/notifications', headers: buyer.headers });
    expect(list.json().unread_count).toBe(1);
  });

  it('sends daily searches as one digest email per user and one webhook call per search, once', async () => {
    const buyer = await signUp(app, platform.db);
    const daily = { frequency: 'daily', channels: { email: true } };
    await saveSearch(app, buyer.headers, { name: 'Daily A', query: { zip: '87124' }, ...daily });
    const hooked = await saveSearch(app, buyer.headers, {
      name: 'Daily B',
      query: { zip: '87125' },
      frequency: 'daily',
      channels: { email: true, webhook: { url: `${hook.url}/digest`, secret: SECRET } },
    });
    await saveSearch(app, buyer.headers, {
      name: 'Instant C',
      query: { zip: '87126' },
      channels: { email: true },
    });
    const leads = [
      await makeLead(platform.db, { zip: '87124' }),
      await makeLead(platform.db, { zip: '87125' }),
      await makeLead(platform.db, { zip: '87125' }),
      await makeLead(platform.db, { zip: '87126' }),
    ];
    const now = new Date();
    await matchNewLeads(platform.db, leads, now);
    // The instant search's email goes out now; the daily ones wait for the digest.
    expect(await delivery.deliverDue(now)).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(1);

    const digestAt = later(now, 60);
    expect(await delivery.queueDigests(digestAt)).toBe(2);
    expect(await delivery.queueDigests(later(digestAt, 60))).toBe(0);
    expect(await delivery.deliverDue(digestAt)).toMatchObject({ sent: 2 });

    expect(smtp.messages).toHaveLength(2);
    const digest = smtp.messages[1]!;
    expect(digest.to).toEqual([buyer.email]);
    expect(subjectOf(digest)).toBe('Your daily AIQLeads digest: 3 new leads');
    expect(textOf(digest)).toContain('Saved search "Daily A"');
    expect(textOf(digest)).toContain('Saved search "Daily B"');
    expect(textOf(digest)).not.toContain('Instant C');
    expect(hook.requests).toHaveLength(1);
    const body = JSON.parse(hook.requests[0]!.body);
    expect(body).toMatchObject({ type: 'saved_search.digest', saved_search: { id: hooked } });
    expect(body.matches.map((match: { lead: { id: string } }) => match.lead.id).sort()).toEqual(
      [leads[1], leads[2]].sort(),
    );
  });
});
