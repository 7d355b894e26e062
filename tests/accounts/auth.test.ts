import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { signUp, TEST_PASSWORD, testEmail } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';

function sessionCookieOf(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!header) throw new Error('no Set-Cookie');
  return header;
}

describe('register, login, logout, me', () => {
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

  it('registers a buyer with a lower-cased email and an argon2id hash at the configured cost', async () => {
    const email = testEmail('Mixed').replace('mixed', 'MiXeD');
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email: ` ${email} `, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().user).toMatchObject({ email: email.toLowerCase(), role: 'buyer' });
    expect(res.json().user).not.toHaveProperty('password_hash');
    const { rows } = await platform.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE email = $1',
      [email.toLowerCase()],
    );
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses a taken email with 409 EMAIL_TAKEN, whatever its case', async () => {
    const email = testEmail();
    const first = await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email, password: TEST_PASSWORD },
    });
    expect(first.statusCode).toBe(201);
    const again = await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email: email.toUpperCase(), password: 'another good password' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('EMAIL_TAKEN');
  });

  it.each([
    [{ email: 'not-an-email', password: TEST_PASSWORD }, 'body.email'],
    [{ email: testEmail(), password: 'short' }, 'body.password'],
    [{ email: testEmail() }, 'body.password'],
  ])('refuses %j with 400 naming the field', async (payload, field) => {
    const res = await app.inject({ method: 'POST', url: '/v1/auth/register', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field }] });
  });

  it('logs in with a session token usable as a bearer, and GET /v1/me answers who it is', async () => {
    const user = await signUp(app, platform.db);
    expect(user.token).toMatch(/^aiqs_/);
    const me = await app.inject({ url: '/v1/me', headers: user.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { id: user.userId, email: user.email, role: 'buyer' },
      auth: 'session',
      session: { csrf_token: expect.any(String), expires_at: expect.any(String) },
    });
    // Only the token's SHA-256 is stored.
    const { rows } = await platform.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND token_hash = sha256(convert_to($2, 'UTF8'))`,
      [user.userId, user.token],
    );
    expect(rows[0]!.n).toBe(1);
    const raw = await platform.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM sessions WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'`,
      [user.token],
    );
    expect(raw.rows[0]!.n).toBe(0);
  });

  it('returns the login response with token, csrf_token, expiry from SESSION_TTL_HOURS and the user', async () => {
    const email = testEmail();
    await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email, password: TEST_PASSWORD },
    });
    const before = Date.now();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      token: expect.any(String),
      csrf_token: expect.any(String),
      user: { email },
    });
    const ttlMs = new Date(body.expires_at).getTime() - before;
    expect(ttlMs).toBeGreaterThan(167 * 3600_000);
    expect(ttlMs).toBeLessThan(169 * 3600_000);
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, without Secure in test', async () => {
    const email = testEmail();
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
    const cookie = sessionCookieOf(res.headers['set-cookie']);
    expect(cookie).toBe(`aiq_session=${res.json().token}; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax`);
  });

  it('answers a wrong password and an unknown email with the same 401 INVALID_CREDENTIALS', async () => {
    const user = await signUp(app, platform.db);
    const wrong = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: 'not the password at all' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: testEmail('nobody'), password: TEST_PASSWORD },
    });
    const malformed = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: 'not-an-email', password: TEST_PASSWORD },
    });
    for (const res of [wrong, unknown, malformed]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: { code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect' },
      });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('spends an argon2 verification on unknown emails too (no timing shortcut)', async () => {
    const user = await signUp(app, platform.db);
    const time = async (email: string) => {
      const started = performance.now();
      await app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email, password: 'wrong password 123' },
      });
      return performance.now() - started;
    };
    await time(testEmail('warmup'));
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time(user.email));
      unknown.push(await time(testEmail('ghost')));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
    // argon2id at 19 MiB costs tens of milliseconds; a skipped verification would take about 1 ms.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('refuses a disabled user at login and signs out its sessions', async () => {
    const user = await signUp(app, platform.db);
    await platform.db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [user.userId]);
    expect((await app.inject({ url: '/v1/me', headers: user.headers })).statusCode).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(login.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses expired sessions', async () => {
    const user = await signUp(app, platform.db);
    await platform.db.query(
      `UPDATE sessions SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second'
       WHERE user_id = $1`,
      [user.userId],
    );
    const me = await app.inject({ url: '/v1/me', headers: user.headers });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('logs out: the token stops working and the cookie is cleared', async () => {
    const user = await signUp(app, platform.db);
    const out = await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: user.headers });
    expect(out.statusCode).toBe(204);
    expect(sessionCookieOf(out.headers['set-cookie'])).toContain('aiq_session=; Path=/; Max-Age=0');
    const me = await app.inject({ url: '/v1/me', headers: user.headers });
    expect(me.statusCode).toBe(401);
    const again = await app.inject({ method: 'POST', url: '/v1/auth/logout', headers: user.headers });
    expect(again.statusCode).toBe(401);
  });

  it.each([
    ['no credentials', {}],
    ['a garbage bearer', { authorization: 'Bearer nonsense' }],
    ['a well-formed but unknown session token', { authorization: `Bearer aiqs_${'A'.repeat(43)}` }],
    ['a basic header', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a garbage cookie', { cookie: 'aiq_session=nonsense' }],
  ])('answers GET /v1/me with %s: 401 AUTH_REQUIRED', async (_label, headers) => {
    const res = await app.inject({ url: '/v1/me', headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('rehashes a password made at an older cost after a good login', async () => {
    const user = await signUp(app, platform.db);
    const { hash } = await import('@node-rs/argon2');
    const old = await hash(TEST_PASSWORD, { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    await platform.db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.userId, old]);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const { rows } = await platform.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [user.userId],
    );
    expect(rows[0]!.password_hash).toMatch(/m=19456,t=2,p=1/);
  });
});
