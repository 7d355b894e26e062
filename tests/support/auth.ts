import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/modules/accounts/index.js';
import type { Queryable } from '../../src/platform/db/index.js';
import type { App } from '../../src/platform/http/app.types.js';

/** The password every test user gets (it passes the policy). */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface SignedUp {
  userId: string;
  email: string;
  /** A bearer session token: exempt from CSRF, so tests can write without X-CSRF-Token. */
  token: string;
  headers: { authorization: string };
}

/** A unique address for a test user. */
export function testEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.com`;
}

/**
 * Registers a user through the API, gives it a role by SQL when asked (registration only makes buyers),
 * and logs in. Each login comes from its own made-up client address, so tests may sign up any number of
 * users without meeting the per-IP login limit.
 */
export async function signUp(
  app: App,
  db: Queryable,
  options: { email?: string; role?: Role } = {},
): Promise<SignedUp> {
  const email = options.email ?? testEmail(options.role ?? 'buyer');
  const credentials = { email, password: TEST_PASSWORD };
  const registered = await app.inject({ method: 'POST', url: '/v1/auth/register', payload: credentials });
  if (registered.statusCode !== 201) {
    throw new Error(`register ${email}: ${registered.statusCode} ${registered.body}`);
  }
  const userId = registered.json<{ user: { id: string } }>().user.id;
  if (options.role && options.role !== 'buyer') {
    await db.query('UPDATE users SET role = $2 WHERE id = $1', [userId, options.role]);
  }
  const login = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: credentials,
    remoteAddress: `10.${randomBytes(3).join('.')}`,
  });
  if (login.statusCode !== 200) throw new Error(`login ${email}: ${login.statusCode} ${login.body}`);
  const token = login.json<{ token: string }>().token;
  return {
    userId,
    email: registered.json<{ user: { email: string } }>().user.email,
    token,
    headers: { authorization: `Bearer ${token}` },
  };
}
