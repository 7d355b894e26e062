import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import { authHooks, currentUser } from '../../src/modules/accounts/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { AppModule } from '../../src/platform/module.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp, TEST_PASSWORD } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';

const ADMIN_TOKEN = 'admin-token-0123456789';

/** Routes standing for another module's, built only from the accounts module's public face. */
function contractModule(platform: Platform): AppModule {
  const { requireUser, requireAdmin } = authHooks(platform);
  return {
    name: 'contract-test',
    routes: async (app) => {
      app.get('/test/whoami', { preHandler: requireUser }, async (request) => currentUser(request));
      app.get('/test/unguarded', async (request) => currentUser(request));
      app.post('/test/admin-only', { preHandler: [requireUser, requireAdmin] }, async (request) => ({
        user: request.user ?? null,
        method: request.auth?.method,
      }));
      app.get('/test/admin-only', { preHandler: requireAdmin }, async (request) => ({
        user: request.user ?? null,
        method: request.auth?.method,
      }));
    },
  };
}

describe('roles and the auth contract', () => {
  let platform: Platform;
  let app: App;
  let buyer: SignedUp;
  let operator: SignedUp;
  let admin: SignedUp;

  beforeAll(async () => {
    platform = await createTestPlatform({ env: { ADMIN_TOKEN } });
    app = await buildApp(platform, [...createModules(platform), contractModule(platform)]);
    await app.ready();
    buyer = await signUp(app, platform.db);
    operator = await signUp(app, platform.db, { role: 'operator' });
    admin = await signUp(app, platform.db, { role: 'admin' });
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
  });

  it('sets request.user for requireUser; currentUser without it is 401 AUTH_REQUIRED', async () => {
    const who = await app.inject({ url: '/test/whoami', headers: operator.headers });
    expect(who.json()).toEqual({ id: operator.userId, email: operator.email, role: 'operator' });
    const unguarded = await app.inject({ url: '/test/unguarded', headers: operator.headers });
    expect(unguarded.statusCode).toBe(401);
    expect(unguarded.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('gives the role set by SQL to signUp users', async () => {
    const me = await app.inject({ url: '/v1/me', headers: admin.headers });
    expect(me.json().user.role).toBe('admin');
  });

  it.each([
    ['buyer', () => buyer.headers, 403, 'FORBIDDEN'],
    ['operator', () => operator.headers, 403, 'FORBIDDEN'],
    ['anonymous', () => ({}), 401, 'ADMIN_AUTH_REQUIRED'],
    [
      'a wrong admin token',
      () => ({ authorization: 'Bearer admin-token-0123456780' }),
      401,
      'ADMIN_AUTH_REQUIRED',
    ],
  ])('refuses the admin API to %s', async (_label, headers, status, code) => {
    for (const url of ['/v1/admin/sources', '/test/admin-only']) {
      const res = await app.inject({ url, headers: headers() });
      expect(res.statusCode, url).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
  });

  it('opens the admin API to an admin user (session or API key) and to the ADMIN_TOKEN bearer', async () => {
    const key = (
      await app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: admin.headers,
        payload: { name: 'ops' },
      })
    ).json().key;
    for (const headers of [
      admin.headers,
      { authorization: `Bearer ${key}` },
      { authorization: `Bearer ${ADMIN_TOKEN}` },
    ]) {
      expect((await app.inject({ url: '/v1/admin/sources', headers })).statusCode).toBe(200);
    }
    const asUser = await app.inject({ url: '/test/admin-only', headers: admin.headers });
    expect(asUser.json()).toMatchObject({ user: { id: admin.userId, role: 'admin' }, method: 'session' });
    const asToken = await app.inject({
      url: '/test/admin-only',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(asToken.json()).toEqual({ user: null, method: 'admin_token' });
  });

  it('applies CSRF to cookie-authenticated admin writes', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: admin.email, password: TEST_PASSWORD },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const without = await app.inject({ method: 'POST', url: '/test/admin-only', headers: { cookie } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const withToken = await app.inject({
      method: 'POST',
      url: '/test/admin-only',
      headers: { cookie, 'x-csrf-token': login.json().csrf_token },
    });
    expect(withToken.statusCode).toBe(200);
  });

  it('opens the admin API to admin users only when no ADMIN_TOKEN is configured', async () => {
    const bare = await createTestPlatform();
    const bareApp = await buildApp(bare, createModules(bare));
    try {
      const anonymous = await bareApp.inject({
        url: '/v1/admin/sources',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(anonymous.statusCode).toBe(401);
      const user = await signUp(bareApp, bare.db);
      expect((await bareApp.inject({ url: '/v1/admin/sources', headers: user.headers })).statusCode).toBe(
        403,
      );
      const root = await signUp(bareApp, bare.db, { role: 'admin' });
      expect((await bareApp.inject({ url: '/v1/admin/sources', headers: root.headers })).statusCode).toBe(
        200,
      );
    } finally {
      await bareApp.close();
      await bare.close();
    }
  });
});
