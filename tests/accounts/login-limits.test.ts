import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { TEST_PASSWORD, testEmail } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';

// Runs on Redis when REDIS_URL is set (the limits are then shared by every process), in memory otherwise.
describe('login rate limits', () => {
  let platform: Platform;
  let app: App;

  beforeAll(async () => {
    platform = await createTestPlatform({
      env: {
        LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '3',
        LOGIN_MAX_ATTEMPTS_PER_IP: '6',
        LOGIN_WINDOW_SECONDS: '600',
      },
    });
    app = await buildApp(platform, createModules(platform));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
  });

  async function register(): Promise<string> {
    const email = testEmail();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/register',
      payload: { email, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(201);
    return email;
  }

  const login = (email: string, password: string, ip: string) =>
    app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password }, remoteAddress: ip });

  it('locks an account after its attempts run out, even for the right password, with Retry-After', async () => {
    const email = await register();
    for (let i = 0; i < 3; i++)
      expect((await login(email, 'wrong password!', '10.0.1.1')).statusCode).toBe(401);
    const refused = await login(email, TEST_PASSWORD, '10.0.1.2');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('LOGIN_RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // The limit is the account's: another account on the same address still signs in.
    expect((await login(await register(), TEST_PASSWORD, '10.0.1.1')).statusCode).toBe(200);
  });

  it('counts per account case-insensitively', async () => {
    const email = await register();
    for (const variant of [email, email.toUpperCase(), ` ${email}`]) {
      expect((await login(variant, 'wrong password!', '10.0.2.1')).statusCode).toBe(401);
    }
    expect((await login(email, TEST_PASSWORD, '10.0.2.2')).statusCode).toBe(429);
  });

  it('clears the account count on a good login', async () => {
    const email = await register();
    const ip = '10.0.3.1';
    const statuses: number[] = [];
    for (const password of [
      'wrong password!',
      'wrong password!',
      TEST_PASSWORD,
      'wrong password!',
      'wrong password!',
    ]) {
      statuses.push((await login(email, password, ip)).statusCode);
    }
    expect(statuses).toEqual([401, 401, 200, 401, 401]);
  });

  it('limits one address spraying many accounts, and other addresses are unaffected', async () => {
    const ip = '10.0.4.1';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await login(testEmail('spray'), 'wrong password!', ip)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    const blocked = await login(await register(), TEST_PASSWORD, ip);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(await register(), TEST_PASSWORD, '10.0.4.2')).statusCode).toBe(200);
  });
});

describe('accounts in production', () => {
  let platform: Platform;
  let app: App;

  beforeAll(async () => {
    platform = await createTestPlatform({
      env: { NODE_ENV: 'production', API_KEY_PEPPER: 'a-production-pepper-of-forty-characters!' },
    });
    app = await buildApp(platform, createModules(platform));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
  });

  it('marks the session cookie Secure', async () => {
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
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
  });
});
