import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules, registerModuleJobs } from '../../src/composition.js';
import { crmUrlProblem } from '../../src/modules/marketplace/crm-webhook.service.js';
import {
  type CrmDeliveryService,
  createCrmDeliveryService,
  crmDeliverJob,
  enqueueCrmDeliveries,
  refundPurchase,
} from '../../src/modules/marketplace/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { AppModule } from '../../src/platform/module.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import {
  type LocalServer,
  type ReceivedRequest,
  startLocalServer,
  waitFor,
} from '../support/local-server.js';
import { createTestPlatform } from '../support/test-platform.js';
import { giveCredits, makeLeadWithContact, makePurchase } from './factories.js';

// The buyer's CRM is a local HTTP server; the delivery service is driven with explicit clocks so retries
// and backoff are observable without waiting. Runs on PGlite, and on PostgreSQL with DATABASE_URL.

const SECRET = 'crm-secret-0123456789';
let platform: Platform;
let app: App;
let modules: AppModule[];
let crm: LocalServer;
let delivery: CrmDeliveryService;
/** Statuses the CRM answers with, in order; 200 once they run out. */
let answers: number[] = [];

beforeAll(async () => {
  crm = await startLocalServer((_request, response) => {
    response.statusCode = answers.shift() ?? 200;
    response.end('ok');
  });
  platform = await createTestPlatform({
    env: { FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1', FETCH_MIN_GAP_MS: '0', CRM_DELIVERY_MAX_ATTEMPTS: '3' },
  });
  modules = createModules(platform);
  app = await buildApp(platform, modules);
  await app.ready();
  delivery = createCrmDeliveryService({
    db: platform.db,
    fetch: platform.fetch,
    log: platform.log,
    maxAttempts: platform.config.CRM_DELIVERY_MAX_ATTEMPTS,
    disputeWindowDays: 7,
    retryBaseSeconds: 60,
    random: () => 0.5,
  });
});
afterAll(async () => {
  await app.close();
  await platform.close();
  await crm.close();
});
beforeEach(() => {
  crm.requests.length = 0;
  answers = [];
});

const later = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);
const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function configure(buyer: SignedUp, url = `${crm.url}/hooks/aiq`, secret = SECRET) {
  const response = await app.inject({
    method: 'PUT',
    url: '/v1/crm-webhook',
    headers: buyer.headers,
    payload: { url, secret },
  });
  expect(response.statusCode, response.body).toBe(200);
}

/** A buyer with credits and one purchased lead (two phones, one on the national DNC list). */
async function buyerWithPurchase(options: { webhook?: boolean } = {}) {
  const buyer = await signUp(app, platform.db);
  if (options.webhook ?? true) await configure(buyer);
  await giveCredits(platform.db, buyer.userId, 100);
  const leadId = await makeLeadWithContact(
    platform.db,
    {},
    { name: 'Ana Ruiz', phones: ['+15055550101', '+15055550102'], emails: ['ana@example.com'] },
  );
  await platform.db.query('UPDATE contacts SET dnc = $2 WHERE lead_id = $1', [
    leadId,
    {
      scrubbed_at: new Date().toISOString(),
      listed: [{ phone: '+15055550102', lists: ['national'] }],
      checked: ['+15055550101', '+15055550102'],
    },
  ]);
  const { purchaseId } = await makePurchase(platform.db, { buyerId: buyer.userId, leadId, credits: 12 });
  return { buyer, leadId, purchaseId };
}

async function deliveryLog(buyer: SignedUp) {
  const response = await app.inject({ url: '/v1/crm-webhook/deliveries', headers: buyer.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Record<string, unknown>[]; next_cursor: string | null }>();
}

describe('CRM webhook configuration', () => {
  it('sets, shows (never the secret), replaces and removes the webhook', async () => {
    const buyer = await signUp(app, platform.db);
    const none = await app.inject({ url: '/v1/crm-webhook', headers: buyer.headers });
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('CRM_WEBHOOK_NOT_FOUND');

    await configure(buyer);
    const shown = await app.inject({ url: '/v1/crm-webhook', headers: buyer.headers });
    expect(shown.json()).toMatchObject({ url: `${crm.url}/hooks/aiq`, enabled: true });
    expect(shown.body).not.toContain(SECRET);

    await configure(buyer, `${crm.url}/v2`, 'another-secret-0123456789');
    const replaced = await app.inject({ url: '/v1/crm-webhook', headers: buyer.headers });
    expect(replaced.json()).toMatchObject({ url: `${crm.url}/v2`, created_at: shown.json().created_at });

    const removed = await app.inject({ method: 'DELETE', url: '/v1/crm-webhook', headers: buyer.headers });
    expect(removed.statusCode).toBe(204);
    expect((await app.inject({ url: '/v1/crm-webhook', headers: buyer.headers })).statusCode).toBe(404);
    const again = await app.inject({ method: 'DELETE', url: '/v1/crm-webhook', headers: buyer.headers });
    expect(again.json().error.code).toBe('CRM_WEBHOOK_NOT_FOUND');
  });

  it.each([
    [{ url: 'https://crm.example.com/hook', secret: 'too-short' }, 400, 'VALIDATION_FAILED'],
    [{ url: 'ftp://crm.example.com/hook', secret: SECRET }, 400, 'VALIDATION_FAILED'],
    [{ url: 'https://crm.example.com/hook' }, 400, 'VALIDATION_FAILED'],
    [{ url: 'http://10.1.2.3/hook', secret: SECRET }, 422, 'CRM_WEBHOOK_URL_REFUSED'],
    [{ url: 'http://[::1]:8080/hook', secret: SECRET }, 422, 'CRM_WEBHOOK_URL_REFUSED'],
    [{ url: 'http://169.254.169.254/latest/meta-data', secret: SECRET }, 422, 'CRM_WEBHOOK_URL_REFUSED'],
    [{ url: 'https://user:pw@crm.example.com/hook', secret: SECRET }, 422, 'CRM_WEBHOOK_URL_REFUSED'],
    [{ url: 'http://not a url', secret: SECRET }, 422, 'CRM_WEBHOOK_URL_REFUSED'],
  ])('refuses %o with %i %s', async (payload, status, code) => {
    const buyer = await signUp(app, platform.db);
    const response = await app.inject({
      method: 'PUT',
      url: '/v1/crm-webhook',
      headers: buyer.headers,
      payload,
    });
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect((await app.inject({ url: '/v1/crm-webhook', headers: buyer.headers })).statusCode).toBe(404);
  });

  it('judges literal addresses and loopback names against the same allow list as the guarded client', () => {
    expect(crmUrlProblem('http://localhost:3000/hook', [])).toBe('localhost is a loopback name');
    expect(crmUrlProblem('http://127.0.0.1:3000/hook', [])).toMatch(/not a public address/);
    expect(crmUrlProblem('http://127.0.0.1:3000/hook', ['127.0.0.1'])).toBeNull();
    expect(crmUrlProblem('http://localhost:3000/hook', ['127.0.0.1'])).toBeNull();
    expect(crmUrlProblem('https://crm.example.com/hooks?x=1', [])).toBeNull();
    expect(crmUrlProblem('https://8.8.8.8/hook', [])).toBeNull();
  });

  it('needs a signed-in user', async () => {
    expect((await app.inject({ url: '/v1/crm-webhook' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/v1/crm-webhook/deliveries' })).statusCode).toBe(401);
  });

  it('sends a signed ping on request and reports what the CRM answered', async () => {
    const buyer = await signUp(app, platform.db);
    await configure(buyer);
    const response = await app.inject({
      method: 'POST',
      url: '/v1/crm-webhook/test',
      headers: buyer.headers,
    });
    expect(response.json()).toMatchObject({ ok: true, http_status: 200, error: null });
    const received = crm.requests[0]!;
    expect(received.headers['x-aiqleads-signature']).toBe(sign(received.body));
    expect(JSON.parse(received.body)).toMatchObject({ event: 'ping', id: response.json().event_id });

    answers = [401];
    const refused = await app.inject({ method: 'POST', url: '/v1/crm-webhook/test', headers: buyer.headers });
    expect(refused.json()).toMatchObject({ ok: false, http_status: 401, error: 'HTTP 401' });
  });
});

describe('CRM delivery', () => {
  it('POSTs the purchase with full contact, signed over the raw body, once per (purchase, event)', async () => {
    const { buyer, leadId, purchaseId } = await buyerWithPurchase();
    expect(await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created')).toBe(1);
    expect(await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created')).toBe(0);
    const now = new Date();
    expect(await delivery.deliverDue(now)).toEqual({ sent: 1, pending: 0, failed: 0, skipped: 0 });
    expect(await delivery.deliverDue(later(now, 3600))).toEqual({
      sent: 0,
      pending: 0,
      failed: 0,
      skipped: 0,
    });

    expect(crm.requests).toHaveLength(1);
    const received = crm.requests[0]!;
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/hooks/aiq');
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['x-aiqleads-signature']).toBe(sign(received.body));
    expect(received.headers['x-aiqleads-signature']).not.toBe(sign(received.body, 'some-other-secret-123'));
    expect(received.headers['x-aiqleads-event']).toBe('purchase.created');
    expect(received.headers['x-aiqleads-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    const body = JSON.parse(received.body);
    expect(body).toMatchObject({
      id: received.headers['x-aiqleads-event-id'],
      event: 'purchase.created',
      sent_at: now.toISOString(),
      attempt: 1,
      purchase: {
        id: purchaseId,
        lead_id: leadId,
        status: 'active',
        price: { credits: 12 },
        contact: { name: 'Ana Ruiz', emails: ['ana@example.com'] },
      },
    });
    expect(body.purchase.contact.phones).toEqual([
      expect.objectContaining({ number: '+15055550101', dnc: expect.objectContaining({ listed: false }) }),
      expect.objectContaining({ number: '+15055550102', dnc: expect.objectContaining({ listed: true }) }),
    ]);
    expect(body.purchase.contact_rules.map((rule: { code: string }) => rule.code)).toContain('DNC_LISTED');

    const log = await deliveryLog(buyer);
    expect(log.items).toEqual([
      expect.objectContaining({
        event_id: received.headers['x-aiqleads-event-id'],
        event: 'purchase.created',
        purchase_id: purchaseId,
        lead_id: leadId,
        status: 'sent',
        attempts: 1,
        last_http_status: 200,
        next_attempt_at: null,
        attempt_log: [expect.objectContaining({ attempt: 1, ok: true, http_status: 200 })],
      }),
    ]);
  });

  it('retries a failure with backoff and jitter, then sends; every attempt is logged', async () => {
    const { buyer, purchaseId } = await buyerWithPurchase();
    await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created');
    answers = [503];
    const now = new Date();
    expect(await delivery.deliverDue(now)).toMatchObject({ pending: 1, sent: 0 });
    const pending = (await deliveryLog(buyer)).items[0]!;
    expect(pending).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_http_status: 503,
      last_error: 'HTTP 503',
    });
    // Base 60 s, equal jitter with random() = 0.5: 30 s fixed + 15 s.
    expect(new Date(pending.next_attempt_at as string).getTime()).toBe(now.getTime() + 45_000);

    expect(await delivery.deliverDue(later(now, 44))).toMatchObject({ pending: 0, sent: 0 });
    expect(await delivery.deliverDue(later(now, 45))).toMatchObject({ sent: 1 });
    expect(crm.requests).toHaveLength(2);
    expect(crm.requests[0]!.headers['x-aiqleads-event-id']).toBe(
      crm.requests[1]!.headers['x-aiqleads-event-id'],
    );
    expect(JSON.parse(crm.requests[1]!.body).attempt).toBe(2);
    for (const request of crm.requests)
      expect(request.headers['x-aiqleads-signature']).toBe(sign(request.body));

    const [sent] = (await deliveryLog(buyer)).items;
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, last_http_status: 200, last_error: null });
    expect(sent!.attempt_log).toEqual([
      expect.objectContaining({ attempt: 1, ok: false, http_status: 503, error: 'HTTP 503' }),
      expect.objectContaining({ attempt: 2, ok: true, http_status: 200, error: null }),
    ]);
  });

  it('marks a delivery failed after CRM_DELIVERY_MAX_ATTEMPTS and stops sending', async () => {
    const { buyer, purchaseId } = await buyerWithPurchase();
    await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created');
    answers = [500, 404, 500, 500];
    let at = new Date();
    expect(await delivery.deliverDue(at)).toMatchObject({ pending: 1 });
    at = later(at, 3600);
    expect(await delivery.deliverDue(at)).toMatchObject({ pending: 1 });
    at = later(at, 3600);
    expect(await delivery.deliverDue(at)).toMatchObject({ failed: 1 });
    expect(await delivery.deliverDue(later(at, 86_400))).toMatchObject({ failed: 0, pending: 0, sent: 0 });
    expect(crm.requests).toHaveLength(3);

    const [failed] = (await deliveryLog(buyer)).items;
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_http_status: 500,
      next_attempt_at: null,
    });
    expect((failed!.attempt_log as { http_status: number }[]).map((a) => a.http_status)).toEqual([
      500, 404, 500,
    ]);
    const filtered = await app.inject({
      url: '/v1/crm-webhook/deliveries?status=sent',
      headers: buyer.headers,
    });
    expect(filtered.json().items).toEqual([]);
  });

  it('queues nothing for a buyer without a webhook, or with it paused', async () => {
    const { buyer, purchaseId } = await buyerWithPurchase({ webhook: false });
    expect(await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created')).toBe(0);
    await app.inject({
      method: 'PUT',
      url: '/v1/crm-webhook',
      headers: buyer.headers,
      payload: { url: `${crm.url}/paused`, secret: SECRET, enabled: false },
    });
    expect(await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created')).toBe(0);
    expect(await delivery.deliverDue(later(new Date(), 86_400))).toMatchObject({ sent: 0, failed: 0 });
    expect(crm.requests).toHaveLength(0);
    expect((await deliveryLog(buyer)).items).toEqual([]);
    // Enabling again does not replay what happened before (or during a pause), not even by the sweep.
    await configure(buyer, `${crm.url}/resumed`);
    await delivery.sweepMissed(later(new Date(), 1));
    expect((await deliveryLog(buyer)).items).toEqual([]);
  });

  it('skips pending deliveries when the webhook is removed, and keeps the log', async () => {
    const { buyer, purchaseId } = await buyerWithPurchase();
    await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created');
    await app.inject({ method: 'DELETE', url: '/v1/crm-webhook', headers: buyer.headers });
    expect(await delivery.deliverDue(later(new Date(), 60))).toMatchObject({ sent: 0, pending: 0 });
    expect(crm.requests).toHaveLength(0);
    expect((await deliveryLog(buyer)).items).toEqual([
      expect.objectContaining({ status: 'skipped', attempts: 0, last_error: 'CRM webhook removed' }),
    ]);
  });

  it('refuses at send time a URL whose address became private (the guarded client), without retrying', async () => {
    const { buyer, purchaseId } = await buyerWithPurchase();
    // As if the configured name now resolved to a private address: configuration can't catch that.
    await platform.db.query('UPDATE crm_webhooks SET url = $2 WHERE user_id = $1', [
      buyer.userId,
      'http://10.20.30.40/hook',
    ]);
    await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created');
    expect(await delivery.deliverDue(new Date())).toMatchObject({ failed: 1 });
    const [failed] = (await deliveryLog(buyer)).items;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, last_http_status: null });
    expect(failed!.last_error).toMatch(/^refused/);
    expect(failed!.last_error).not.toContain('10.20.30.40');
  });

  it('sends a refund as its own event with the purchase as it is now', async () => {
    const { buyer, purchaseId } = await buyerWithPurchase();
    await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created');
    await refundPurchase(platform.db, purchaseId, { reason: 'lead_fraud', actor: { kind: 'system' } });
    expect(await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.refunded')).toBe(1);
    expect(await delivery.deliverDue(new Date())).toMatchObject({ sent: 2 });
    const events = crm.requests.map((request: ReceivedRequest) => JSON.parse(request.body));
    expect(events.map((event) => event.event).sort()).toEqual(['purchase.created', 'purchase.refunded']);
    const refunded = events.find((event) => event.event === 'purchase.refunded');
    expect(refunded.purchase).toMatchObject({
      id: purchaseId,
      status: 'refunded',
      refund_reason: 'lead_fraud',
    });
    expect((await deliveryLog(buyer)).items).toHaveLength(2);
  });

  it('queues, on its sweep, purchase events a post-commit hook missed', async () => {
    const { buyer, purchaseId } = await buyerWithPurchase();
    const now = later(new Date(), 1);
    expect(await delivery.sweepMissed(now)).toBeGreaterThanOrEqual(1);
    expect(await delivery.sweepMissed(now)).toBe(0);
    expect(await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created')).toBe(0);
    await delivery.deliverDue(later(now, 1));
    expect(crm.requests.map((request) => JSON.parse(request.body).purchase.id)).toContain(purchaseId);
    expect((await deliveryLog(buyer)).items).toEqual([expect.objectContaining({ status: 'sent' })]);
  });

  it('shows each buyer only their own deliveries', async () => {
    const { purchaseId } = await buyerWithPurchase();
    await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created');
    const other = await signUp(app, platform.db);
    expect((await deliveryLog(other)).items).toEqual([]);
    expect((await app.inject({ url: '/v1/crm-webhook', headers: other.headers })).statusCode).toBe(404);
    // Another buyer's purchase ids queue nothing to this buyer's CRM.
    await configure(other, `${crm.url}/other`);
    expect(await enqueueCrmDeliveries(platform.db, [purchaseId], 'purchase.created')).toBe(0);
    expect((await deliveryLog(other)).items).toEqual([]);
  });

  it('pages the delivery log newest first', async () => {
    const buyer = await signUp(app, platform.db);
    await configure(buyer);
    await giveCredits(platform.db, buyer.userId, 100);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const leadId = await makeLeadWithContact(platform.db);
      ids.push((await makePurchase(platform.db, { buyerId: buyer.userId, leadId })).purchaseId);
    }
    for (const id of ids) await enqueueCrmDeliveries(platform.db, [id], 'purchase.created');
    const first = await app.inject({ url: '/v1/crm-webhook/deliveries?limit=2', headers: buyer.headers });
    const page1 = first.json();
    expect(page1.items.map((item: { purchase_id: string }) => item.purchase_id)).toEqual([ids[2], ids[1]]);
    const second = await app.inject({
      url: `/v1/crm-webhook/deliveries?limit=2&cursor=${page1.next_cursor}`,
      headers: buyer.headers,
    });
    expect(second.json()).toMatchObject({
      items: [expect.objectContaining({ purchase_id: ids[0] })],
      next_cursor: null,
    });
  });
});

describe('CRM delivery job', () => {
  it('is scheduled every minute and runs as soon as the enqueueing transaction commits', async () => {
    registerModuleJobs(platform, modules);
    await platform.jobs.start({ work: true });
    await modules.find((module) => module.name === 'marketplace')!.afterStart!(platform.jobs);
    expect((await platform.jobs.listSchedules(crmDeliverJob)).map((s) => s.cron)).toEqual(['* * * * *']);

    const { buyer, purchaseId } = await buyerWithPurchase();
    await platform.db.transaction(async (tx) => {
      await enqueueCrmDeliveries(tx, [purchaseId], 'purchase.created', { jobs: platform.jobs });
    });
    const received = await waitFor(async () =>
      crm.requests.find((request) => JSON.parse(request.body).purchase?.id === purchaseId),
    );
    expect(received.headers['x-aiqleads-signature']).toBe(sign(received.body));
    await waitFor(async () => ((await deliveryLog(buyer)).items[0]?.status === 'sent' ? true : undefined));
  });
});
