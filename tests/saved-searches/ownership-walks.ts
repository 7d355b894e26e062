import { expect } from 'vitest';
import { matchNewLeads } from '../../src/modules/saved-searches/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import type { SignedUp } from '../support/auth.js';
import { makeLead, saveSearch } from './factories.js';

// Setups for tests/accounts/ownership.test.ts: each creates a resource owned by `owner` and returns the
// request to walk as owner, other user and admin, plus a check that the others' attempts changed nothing.

interface Ctx {
  app: App;
  platform: Platform;
}

type Method = 'GET' | 'PATCH' | 'DELETE' | 'POST';

/** A saved search of the owner, and a request on it. */
export function savedSearchWalk(method: Exclude<Method, 'POST'>) {
  return async ({ app }: Ctx, owner: SignedUp) => {
    const id = await saveSearch(app, owner.headers, { name: 'walk', query: { state: 'NM' } });
    const url = `/v1/saved-searches/${id}`;
    return {
      method,
      url,
      payload: method === 'PATCH' ? { name: 'renamed' } : undefined,
      async untouched() {
        const read = await app.inject({ url, headers: owner.headers });
        expect(read.statusCode, 'the saved search is still there').toBe(200);
        expect(read.json().name, 'and unchanged').toBe('walk');
      },
    };
  };
}

/** An unread notification of the owner (a lead matched their saved search), and marking it read. */
export async function notificationWalk({ app, platform }: Ctx, owner: SignedUp) {
  await saveSearch(app, owner.headers, { name: 'walk', query: { zip: '59001' } });
  await matchNewLeads(platform.db, [await makeLead(platform.db, { zip: '59001', state: 'MT' })], new Date());
  const list = await app.inject({ url: '/v1/notifications', headers: owner.headers });
  const id = list.json<{ items: { id: string }[] }>().items[0]!.id;
  return {
    method: 'POST' as const,
    url: `/v1/notifications/${id}/read`,
    async untouched() {
      const after = await app.inject({ url: '/v1/notifications', headers: owner.headers });
      expect(after.json().unread_count, 'still unread').toBe(1);
    },
  };
}
