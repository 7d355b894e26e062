import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules, registerModuleJobs } from '../../src/composition.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type LocalServer, startLocalServer, waitFor } from '../support/local-server.js';
import { createTestPlatform } from '../support/test-platform.js';

const SECRET = 'app-secret-for-tests';
const webhookBody = readFileSync('fixtures/facebook_leadads/webhook_leadgen_long_ids.json', 'utf8');
const graphLead = readFileSync('fixtures/facebook_leadads/graph_lead_seller_form.json', 'utf8');
const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('Facebook Lead Ads webhook → Graph fetch job → lead', () => {
  let platform: Platform;
  let app: App;
  let graph: LocalServer;

  beforeAll(async () => {
    // Stands for graph.facebook.com: answers GET /{leadgen_id} with the lead, for the right token only.
    graph = await startLocalServer((request, response) => {
      const ok =
        request.headers.authorization === 'Bearer page-token-123' &&
        request.url.startsWith('/120226863088130609?');
      response.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      response.end(
        ok ? graphLead : JSON.stringify({ error: { message: 'Invalid OAuth access token', code: 190 } }),
      );
    });
    platform = await createTestPlatform({
      env: {
        FACEBOOK_APP_SECRET: SECRET,
        FACEBOOK_VERIFY_TOKEN: 'verify-token-xyz',
        FACEBOOK_ACCESS_TOKEN: 'page-token-123',
        FACEBOOK_GRAPH_URL: graph.url,
        FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
        FETCH_MIN_GAP_MS: '0',
      },
    });
    const modules = createModules(platform);
    registerModuleJobs(platform, modules);
    app = await buildApp(platform, modules);
    await platform.jobs.start({ work: true });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
    await graph.close();
  });

  it('answers the subscription handshake only with the right verify token', async () => {
    const ok = await app.inject({
      url: '/v1/webhooks/facebook?hub.mode=subscribe&hub.verify_token=verify-token-xyz&hub.challenge=1158201444',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const wrong = await app.inject({
      url: '/v1/webhooks/facebook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444',
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('WEBHOOK_VERIFICATION_FAILED');
  });

  it.each([
    ['no signature', undefined],
    ['a signature made with another secret', sign(webhookBody, 'wrong-secret')],
    ['a signature of another body', sign(`${webhookBody} `)],
  ])('rejects a body with %s and queues nothing', async (_name, signature) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/webhooks/facebook',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-hub-signature-256': signature } : {}),
      },
      payload: webhookBody,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_SIGNATURE');
  });

  it('rejects a signed body that is not a Page leadgen webhook with 400', async () => {
    const body = JSON.stringify({ object: 'user', entry: [] });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/webhooks/facebook',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_WEBHOOK');
  });

  it('queues one fetch per lead, fetches it from the Graph API and stores the lead with its consent', async () => {
    const post = () =>
      app.inject({
        method: 'POST',
        url: '/v1/webhooks/facebook',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(webhookBody) },
        payload: webhookBody,
      });
    const res = await post();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: 1 });
    await post(); // Meta redelivers: a lead queued or in flight is not queued twice…

    const lead = await waitFor(async () => {
      const { rows } = await platform.db.query<{
        id: string;
        listing_type: string;
        city: string;
        state: string;
      }>(
        `SELECT l.id, l.listing_type, l.city, l.state FROM leads l
           JOIN lead_sources ls ON ls.lead_id = l.id
          WHERE ls.source_id = 'facebook_leadads' AND ls.external_id = '120226863088130609'`,
      );
      return rows[0];
    });
    expect(lead).toMatchObject({ listing_type: 'form_lead', city: 'Springfield', state: 'IL' });
    const contact = await platform.db.query<{
      phones: string[];
      emails: string[];
      consent: { answers: unknown[] };
    }>('SELECT phones, emails, consent FROM contacts WHERE lead_id = $1', [lead.id]);
    expect(contact.rows[0]).toMatchObject({
      phones: ['+13125550142'],
      emails: ['jordan.fictional@example.com'],
      consent: {
        answers: [
          { key: 'tcpa_consent', accepted: true },
          { key: 'marketing_emails', accepted: false },
        ],
      },
    });
    await post(); // …nor fetched again once stored.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const graphCalls = graph.requests.filter((r) => r.url.startsWith('/120226863088130609'));
    expect(graphCalls).toHaveLength(1);
    expect(graphCalls[0]!.url).not.toContain('access_token');
  });
});
