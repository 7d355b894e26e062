import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { signUp, TEST_PASSWORD, testEmail } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';

interface BrowserSession {
  cookie: string;
  csrf: string;
  token: string;
}

// Cookie-authenticated writes need X-CSRF-Token; bearer-authenticated requests are exempt.
describe('CSRF protection of cookie sessions', () => {
  let platform: Platform;
  let app: App;

  beforeAll(async () => {
    platform = await createTestPlatform();
    app = await buildApp(platform, createModules(platform));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
  });

  /** Signs in the way the web app does and keeps what a browser would keep. */
  async function browserLogin(): Promise<BrowserSession> {
    const email = testEmail('browser');
    await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email, password: TEST_PASSWORD },
    });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
    });
    const setCookie = String(res.headers['set-cookie']);
    return { cookie: setCookie.split(';')[0]!, csrf: res.json().csrf_token, token: res.json().token };
  }

  it('reads with the cookie alone, and GET /v1/me hands back the same CSRF token after a reload', async () => {
    const session = await browserLogin();
    const me = await app.inject({ url: '/v1/me', headers: { cookie: session.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().session.csrf_token).toBe(session.csrf);
  });

  it('refuses a cookie write without the header or with a wrong one, and accepts the right one', async () => {
    const session = await browserLogin();
    const create = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: { cookie: session.cookie, ...headers },
        payload: { name: 'ci' },
      });
    const missing = await create({});
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('CSRF_TOKEN_INVALID');
    expect((await create({ 'x-csrf-token': 'guess' })).statusCode).toBe(403);
    expect((await create({ 'x-csrf-token': session.csrf.slice(0, -1) })).statusCode).toBe(403);
    const ok = await create({ 'x-csrf-token': session.csrf });
    expect(ok.statusCode).toBe(201);
    // Nothing was written by the refused attempts.
    const list = await app.inject({ url: '/v1/api-keys', headers: { cookie: session.cookie } });
    expect(list.json().items).toHaveLength(1);

    const revokeWithout = await app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${ok.json().id}`,
      headers: { cookie: session.cookie },
    });
    expect(revokeWithout.statusCode).toBe(403);
    const revoke = await app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${ok.json().id}`,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
    expect(revoke.statusCode).toBe(204);
  });

  it("does not accept one session's CSRF token for another session", async () => {
    const mine = await browserLogin();
    const theirs = await browserLogin();
    expect(mine.csrf).not.toBe(theirs.csrf);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { cookie: mine.cookie, 'x-csrf-token': theirs.csrf },
      payload: { name: 'x' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('protects logout too: a forged logout does not end the session', async () => {
    const session = await browserLogin();
    const forged = await app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { cookie: session.cookie },
    });
    expect(forged.statusCode).toBe(403);
    expect((await app.inject({ url: '/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(200);
    const out = await app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ url: '/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(401);
  });

  it('exempts bearer requests (session token or API key) from the header', async () => {
    const user = await signUp(app, platform.db);
    const created = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: user.headers,
      payload: { name: 'bot' },
    });
    expect(created.statusCode).toBe(201);
    const byKey = await app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: { authorization: `Bearer ${created.json().key}` },
      payload: { name: 'made by a key' },
    });
    expect(byKey.statusCode).toBe(201);
  });

  it('never falls back to the cookie when a bearer is sent and is bad', async () => {
    const session = await browserLogin();
    const res = await app.inject({
      url: '/v1/me',
      headers: { cookie: session.cookie, authorization: 'Bearer aiqs_not-a-real-token' },
    });
    expect(res.statusCode).toBe(401);
  });
});
