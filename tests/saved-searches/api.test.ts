import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import { matchNewLeads } from '../../src/modules/saved-searches/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';
import { ABQ, makeLead, saveSearch } from './factories.js';

let platform: Platform;
let app: App;
let alice: SignedUp;
let bob: SignedUp;

beforeAll(async () => {
  platform = await createTestPlatform({ env: { SAVED_SEARCHES_PER_USER: '3' } });
  app = await buildApp(platform, createModules(platform));
  await app.ready();
  alice = await signUp(app, platform.db);
  bob = await signUp(app, platform.db);
});
afterAll(async () => {
  await app.close();
  await platform.close();
});

const abqSearch = {
  name: 'ABQ houses',
  query: { lat: ABQ.lat, lng: ABQ.lng, radius_km: 15, property_type: ['house'] },
  channels: {
    email: true,
    webhook: { url: 'https://hooks.example.com/aiq', secret: 'a-long-webhook-secret' },
  },
};

describe('/v1/saved-searches', () => {
  it('creates, reads, lists, changes and deletes a saved search; the webhook secret never comes back', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/saved-searches',
      headers: alice.headers,
      payload: abqSearch,
    });
    expect(created.statusCode).toBe(201);
    const search = created.json();
    expect(search).toMatchObject({
      name: 'ABQ houses',
      frequency: 'instant',
      query: abqSearch.query,
      channels: { in_app: true, email: true, webhook: { url: 'https://hooks.example.com/aiq' } },
    });
    expect(created.body).not.toContain('a-long-webhook-secret');

    const url = `/v1/saved-searches/${search.id}`;
    expect((await app.inject({ url, headers: alice.headers })).json().name).toBe('ABQ houses');
    const list = await app.inject({ url: '/v1/saved-searches', headers: alice.headers });
    expect(list.json().items.map((item: { id: string }) => item.id)).toEqual([search.id]);

    const patched = await app.inject({
      method: 'PATCH',
      url,
      headers: alice.headers,
      payload: { name: 'ABQ daily', frequency: 'daily', channels: { webhook: null } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'ABQ daily',
      frequency: 'daily',
      channels: { email: true, webhook: null },
      query: abqSearch.query,
    });

    expect((await app.inject({ method: 'DELETE', url, headers: alice.headers })).statusCode).toBe(204);
    expect((await app.inject({ url, headers: alice.headers })).statusCode).toBe(404);
  });

  it("answers 404 for another user's saved search, and leaves it alone", async () => {
    const id = await saveSearch(app, alice.headers, abqSearch);
    const url = `/v1/saved-searches/${id}`;
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const response = await app.inject({
        method,
        url,
        headers: bob.headers,
        payload: method === 'PATCH' ? { name: 'x' } : undefined,
      });
      expect(response.statusCode, method).toBe(404);
      expect(response.json().error.code).toBe('SAVED_SEARCH_NOT_FOUND');
    }
    expect((await app.inject({ url, headers: alice.headers })).json().name).toBe('ABQ houses');
    expect((await app.inject({ url: '/v1/saved-searches', headers: bob.headers })).json().items).toEqual([]);
  });

  it('needs a signed-in user', async () => {
    expect((await app.inject({ url: '/v1/saved-searches' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/v1/notifications' })).statusCode).toBe(401);
  });

  it.each([
    [{ lat: 35, lng: -106 }, 'query.radius_km'],
    [{ lat: 35, lng: -106, radius_km: 5000 }, 'radius_km'],
    [{ bbox: '-106,35,-107,36' }, 'query.bbox'],
    [
      {
        polygon: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [1, 0],
              [0, 1],
              [0, 0],
            ],
          ],
        },
      },
      'query.polygon',
    ],
    [{ q: 'the and of' }, 'query.q'],
    [{ sort: 'newest' }, 'sort'],
    [{ listing_type: ['agent_sale'] }, 'listing_type'],
  ])('refuses %j with 400 naming the field', async (query, field) => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/saved-searches',
      headers: bob.headers,
      payload: { name: 'bad', query },
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().error)).toContain(field);
  });

  it('refuses a webhook URL that does not parse', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/saved-searches',
      headers: bob.headers,
      payload: {
        name: 'bad hook',
        query: {},
        channels: { webhook: { url: 'http://', secret: 'a-long-webhook-secret' } },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json().error)).toContain('channels.webhook.url');
  });

  it('keeps an account to its limit of saved searches', async () => {
    const carol = await signUp(app, platform.db);
    for (let i = 0; i < 3; i++)
      await saveSearch(app, carol.headers, { name: `s${i}`, query: { state: 'NM' } });
    const over = await app.inject({
      method: 'POST',
      url: '/v1/saved-searches',
      headers: carol.headers,
      payload: { name: 'one too many', query: {} },
    });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('SAVED_SEARCH_LIMIT');
  });
});

describe('/v1/notifications', () => {
  it('lists alerts newest first with keyset paging and an unread count, and marks them read', async () => {
    const dave = await signUp(app, platform.db);
    await saveSearch(app, dave.headers, { name: 'Bernalillo', query: { zip: '87199' } });
    const leads: string[] = [];
    for (let i = 0; i < 3; i++) leads.push(await makeLead(platform.db, { zip: '87199' }));
    await matchNewLeads(platform.db, leads, new Date());

    const first = await app.inject({ url: '/v1/notifications?limit=2', headers: dave.headers });
    const page1 = first.json();
    expect(page1.unread_count).toBe(3);
    expect(page1.items.map((item: { lead: { id: string } }) => item.lead.id)).toEqual([leads[2], leads[1]]);
    expect(page1.items[0].saved_search_name).toBe('Bernalillo');
    expect(page1.items[0].lead.contact.phones_masked).toEqual(['••• ••• ••42']);
    expect(first.body).not.toContain('5055550142');
    expect(first.body).not.toContain('pat.owner@example.com');

    const page2 = (
      await app.inject({
        url: `/v1/notifications?limit=2&cursor=${page1.next_cursor}`,
        headers: dave.headers,
      })
    ).json();
    expect(page2.items.map((item: { lead: { id: string } }) => item.lead.id)).toEqual([leads[0]]);
    expect(page2.next_cursor).toBeNull();

    const read = await app.inject({
      method: 'POST',
      url: `/v1/notifications/${page1.items[0].id}/read`,
      headers: dave.headers,
    });
    expect(read.statusCode).toBe(200);
    const other = await app.inject({
      method: 'POST',
      url: `/v1/notifications/${page1.items[1].id}/read`,
      headers: bob.headers,
    });
    expect(other.statusCode).toBe(404);
    const after = (
      await app.inject({ url: '/v1/notifications?unread_only=true', headers: dave.headers })
    ).json();
    expect(after.unread_count).toBe(2);
    expect(after.items).toHaveLength(2);
  });
});
