import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';

describe('API keys', () => {
  let platform: Platform;
  let app: App;
  let user: SignedUp;

  beforeAll(async () => {
    platform = await createTestPlatform();
    app = await buildApp(platform, createModules(platform));
    await app.ready();
    user = await signUp(app, platform.db);
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
  });

  const create = (name: string, headers = user.headers) =>
    app.inject({ method: 'POST', url: '/v1/api-keys', headers, payload: { name } });

  it('shows the full key once and stores only its HMAC under the pepper', async () => {
    const res = await create('crm sync');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ name: 'crm sync', last_used_at: null, revoked_at: null });
    expect(body.key).toMatch(/^aiq_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(body.key.startsWith(`aiq_${body.prefix}_`)).toBe(true);

    const { rows } = await platform.db.query<{ key_hash: Buffer }>(
      'SELECT key_hash FROM api_keys WHERE id = $1',
      [body.id],
    );
    const expected = createHmac('sha256', platform.config.API_KEY_PEPPER!).update(body.key).digest();
    expect(Buffer.from(rows[0]!.key_hash).equals(expected)).toBe(true);

    const list = await app.inject({ url: '/v1/api-keys', headers: user.headers });
    const listed = list.json().items.find((item: { id: string }) => item.id === body.id);
    expect(listed).toEqual({
      id: body.id,
      name: 'crm sync',
      prefix: body.prefix,
      created_at: body.created_at,
      last_used_at: null,
      revoked_at: null,
    });
    expect(list.body).not.toContain(body.key.split('_').slice(2).join('_'));
  });

  it('authenticates with the key as a bearer and records when it was last used', async () => {
    const { key, id } = (await create('reporting')).json();
    const me = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${key}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: user.userId }, auth: 'api_key', session: null });
    const list = await app.inject({ url: '/v1/api-keys', headers: user.headers });
    const listed = list.json().items.find((item: { id: string }) => item.id === id);
    expect(listed.last_used_at).toEqual(expect.any(String));
  });

  it('refuses a key with the right prefix and a wrong secret', async () => {
    const { prefix } = (await create('tampered')).json();
    const res = await app.inject({
      url: '/v1/me',
      headers: { authorization: `Bearer aiq_${prefix}_${'A'.repeat(43)}` },
    });
    expect(res.statusCode).toBe(401);
  });

  it('revokes a key: it stops working at once, stays listed with revoked_at, and revoking again is fine', async () => {
    const { key, id } = (await create('old')).json();
    const bearer = { authorization: `Bearer ${key}` };
    expect((await app.inject({ url: '/v1/me', headers: bearer })).statusCode).toBe(200);
    const revoke = await app.inject({ method: 'DELETE', url: `/v1/api-keys/${id}`, headers: user.headers });
    expect(revoke.statusCode).toBe(204);
    const after = await app.inject({ url: '/v1/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('AUTH_REQUIRED');
    const listed = (await app.inject({ url: '/v1/api-keys', headers: user.headers }))
      .json()
      .items.find((item: { id: string }) => item.id === id);
    expect(listed.revoked_at).toEqual(expect.any(String));
    const again = await app.inject({ method: 'DELETE', url: `/v1/api-keys/${id}`, headers: user.headers });
    expect(again.statusCode).toBe(204);
  });

  it("lists only the caller's keys and answers 404 for another user's key", async () => {
    const other = await signUp(app, platform.db);
    const theirs = (await create('theirs', other.headers)).json();
    const mine = (await app.inject({ url: '/v1/api-keys', headers: user.headers })).json().items;
    expect(mine.map((item: { id: string }) => item.id)).not.toContain(theirs.id);
    const res = await app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${theirs.id}`,
      headers: user.headers,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('API_KEY_NOT_FOUND');
  });

  it('refuses logout with an API key (there is no session to end)', async () => {
    const { key } = (await create('no-logout')).json();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('NO_SESSION');
  });

  it.each([
    ['POST', '/v1/api-keys', { name: '' }, 'body.name'],
    ['POST', '/v1/api-keys', { name: 'x'.repeat(101) }, 'body.name'],
    ['DELETE', '/v1/api-keys/not-a-uuid', undefined, 'params.id'],
  ] as const)('refuses %s %s %j with 400', async (method, url, payload, field) => {
    const res = await app.inject({ method, url, headers: user.headers, ...(payload ? { payload } : {}) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe(field);
  });

  it('requires a signed-in user for every key route', async () => {
    for (const [method, url] of [
      ['GET', '/v1/api-keys'],
      ['POST', '/v1/api-keys'],
      ['DELETE', '/v1/api-keys/00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const res = await app.inject({ method, url, payload: method === 'POST' ? { name: 'x' } : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});
