import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { AppModule } from '../../src/platform/module.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { purchaseDisputeWalk } from '../marketplace/dispute-walks.js';
import { cartItemWalk, purchaseWalk } from '../marketplace/ownership-walks.js';
import { notificationWalk, savedSearchWalk } from '../saved-searches/ownership-walks.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';

// "Every route that takes an id checks ownership": this file collects every route of the built app
// whose path has a parameter and walks it as owner, other user and admin. A new id-bearing route fails
// the first test until it is added to ROUTES below. To add one:
//   - a user's resource: { scope: 'owner', setup } where setup creates a resource owned by `owner`
//     through the API and returns the request that acts on it (plus, for writes, a check that the
//     other users' attempts left it untouched);
//   - an operator route: { scope: 'admin', request } (non-admins get 401/403, an admin gets past auth);
//   - a public catalogue route: { scope: 'public', request } (everyone gets the same answer: nothing in it
//     belongs to a user, and what is private — a lead's contact — is masked for all);
//   - not walkable yet: { scope: 'pending', reason } (say why; the report lists them).

interface Ctx {
  app: App;
  platform: Platform;
}

interface OwnedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: Record<string, unknown>;
  /** Runs after the other user and the admin tried: fails if their attempts changed the resource. */
  untouched?: () => Promise<void>;
}

type Walk =
  | {
      scope: 'owner';
      setup: (ctx: Ctx, owner: SignedUp) => Promise<OwnedRequest>;
      /** What the owner gets. */
      ownerStatus: number;
      /** What an admin acting on someone else's resource through the user API gets. */
      adminStatus: number;
    }
  | {
      scope: 'admin';
      request: {
        method: OwnedRequest['method'];
        url: string;
        payload?: Record<string, unknown>;
        /** Headers the route's schema requires (they are validated before auth runs). */
        headers?: Record<string, string>;
      };
    }
  | { scope: 'public'; request: { method: 'GET'; url: string } }
  | { scope: 'pending'; reason: string };

const SOME_UUID = '00000000-0000-4000-8000-000000000000';

const ROUTES: Record<string, Walk> = {
  'GET /v1/leads/:id': { scope: 'public', request: { method: 'GET', url: `/v1/leads/${SOME_UUID}` } },
  'DELETE /v1/api-keys/:id': {
    scope: 'owner',
    ownerStatus: 204,
    // Keys belong to users; an admin revokes other users' keys through an admin route, not this one.
    adminStatus: 404,
    async setup({ app }, owner) {
      const created = await app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: owner.headers,
        payload: { name: 'walk' },
      });
      const { id, key } = created.json();
      return {
        method: 'DELETE',
        url: `/v1/api-keys/${id}`,
        async untouched() {
          const me = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${key}` } });
          expect(me.statusCode, 'the key still works').toBe(200);
        },
      };
    },
  },
  'GET /v1/admin/crawls/:id': {
    scope: 'admin',
    request: { method: 'GET', url: `/v1/admin/crawls/${SOME_UUID}` },
  },
  'POST /v1/admin/payments/:id/refund': {
    scope: 'admin',
    request: {
      method: 'POST',
      url: `/v1/admin/payments/${SOME_UUID}/refund`,
      headers: { 'idempotency-key': 'walk-refund' },
    },
  },
  'DELETE /v1/admin/pricing/overrides/:id': {
    scope: 'admin',
    request: { method: 'DELETE', url: '/v1/admin/pricing/overrides/1' },
  },
  'GET /v1/admin/pricing/leads/:id': {
    scope: 'admin',
    request: { method: 'GET', url: `/v1/admin/pricing/leads/${SOME_UUID}` },
  },
  'GET /v1/admin/pricing/leads/:id/history': {
    scope: 'admin',
    request: { method: 'GET', url: `/v1/admin/pricing/leads/${SOME_UUID}/history` },
  },
  // Saved searches and their notifications belong to users; admins get 404 through the user API too.
  'GET /v1/saved-searches/:id': {
    scope: 'owner',
    ownerStatus: 200,
    adminStatus: 404,
    setup: savedSearchWalk('GET'),
  },
  'PATCH /v1/saved-searches/:id': {
    scope: 'owner',
    ownerStatus: 200,
    adminStatus: 404,
    setup: savedSearchWalk('PATCH'),
  },
  'DELETE /v1/saved-searches/:id': {
    scope: 'owner',
    ownerStatus: 204,
    adminStatus: 404,
    setup: savedSearchWalk('DELETE'),
  },
  'POST /v1/notifications/:id/read': {
    scope: 'owner',
    ownerStatus: 200,
    adminStatus: 404,
    setup: notificationWalk,
  },
  // Carts and purchases belong to buyers; an admin reads other buyers' purchases through admin routes.
  'DELETE /v1/cart/items/:lead_id': {
    scope: 'owner',
    ownerStatus: 204,
    adminStatus: 404,
    setup: cartItemWalk,
  },
  'GET /v1/purchases/:id': {
    scope: 'owner',
    ownerStatus: 200,
    adminStatus: 404,
    setup: purchaseWalk,
  },
  // Disputes: the buyer's own through the purchase; admins decide them through the admin routes.
  'POST /v1/purchases/:id/disputes': {
    scope: 'owner',
    ownerStatus: 201,
    adminStatus: 404,
    setup: purchaseDisputeWalk('POST'),
  },
  'GET /v1/purchases/:id/disputes': {
    scope: 'owner',
    ownerStatus: 200,
    adminStatus: 404,
    setup: purchaseDisputeWalk('GET'),
  },
  'GET /v1/admin/disputes/:id': { scope: 'admin', request: { method: 'GET', url: '/v1/admin/disputes/1' } },
  'POST /v1/admin/disputes/:id/decision': {
    scope: 'admin',
    request: { method: 'POST', url: '/v1/admin/disputes/1/decision', payload: { decision: 'reject' } },
  },
  'GET /v1/admin/leads/:id/passport': {
    scope: 'admin',
    request: { method: 'GET', url: `/v1/admin/leads/${SOME_UUID}/passport` },
  },
  'POST /v1/admin/fraud/:leadId/decision': {
    scope: 'admin',
    request: {
      method: 'POST',
      url: `/v1/admin/fraud/${SOME_UUID}/decision`,
      payload: { decision: 'clear', note: 'walk' },
    },
  },
};

/** Collects every route registered after it; placed first among the modules, it sees all of theirs. */
function routeCollector(into: Set<string>): AppModule {
  const routes = Object.assign(
    async (app: App) => {
      app.addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods) if (method !== 'HEAD') into.add(`${method} ${route.url}`);
      });
    },
    // What fastify-plugin does: register the hook on the root, not in an encapsulated child.
    { [Symbol.for('skip-override')]: true },
  );
  return { name: 'route-collector', routes };
}

describe('ownership of id-bearing routes', () => {
  const collected = new Set<string>();
  let ctx: Ctx;
  let users: { owner: SignedUp; other: SignedUp; admin: SignedUp; operator: SignedUp };

  beforeAll(async () => {
    const platform = await createTestPlatform();
    const app = await buildApp(platform, [routeCollector(collected), ...createModules(platform)]);
    await app.ready();
    ctx = { app, platform };
    users = {
      owner: await signUp(app, platform.db),
      other: await signUp(app, platform.db),
      admin: await signUp(app, platform.db, { role: 'admin' }),
      operator: await signUp(app, platform.db, { role: 'operator' }),
    };
  });
  afterAll(async () => {
    await ctx.app.close();
    await ctx.platform.close();
  });

  it('has every id-bearing route of the app in its table, and nothing that is gone', () => {
    const idRoutes = [...collected].filter((route) => /[:*]/.test(route)).sort();
    expect(idRoutes.length).toBeGreaterThan(0);
    expect(
      idRoutes.filter((route) => !(route in ROUTES)),
      'routes missing from ROUTES',
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((route) => !collected.has(route)),
      'ROUTES entries with no route',
    ).toEqual([]);
  });

  const byScope = (scope: Walk['scope']) => Object.entries(ROUTES).filter(([, walk]) => walk.scope === scope);

  it.each(byScope('owner'))(
    '%s: 404 for another user, as listed for an admin, works for the owner',
    async (_route, walk) => {
      if (walk.scope !== 'owner') throw new Error('unreachable');
      const request = await walk.setup(ctx, users.owner);
      const as = (who: SignedUp) =>
        ctx.app.inject({
          method: request.method,
          url: request.url,
          headers: who.headers,
          payload: request.payload,
        });
      const other = await as(users.other);
      expect(other.statusCode, 'other user').toBe(404);
      expect((await as(users.admin)).statusCode, 'admin').toBe(walk.adminStatus);
      await request.untouched?.();
      expect((await as(users.owner)).statusCode, 'owner').toBe(walk.ownerStatus);
    },
  );

  it.each(byScope('admin'))(
    '%s: 401 anonymous, 401/403 buyer and operator, past auth for an admin',
    async (_route, walk) => {
      if (walk.scope !== 'admin') throw new Error('unreachable');
      const { method, url, payload } = walk.request;
      const as = (headers: Record<string, string>) =>
        ctx.app.inject({ method, url, headers: { ...walk.request.headers, ...headers }, payload });
      expect((await as({})).statusCode, 'anonymous').toBe(401);
      expect([401, 403], 'buyer').toContain((await as(users.owner.headers)).statusCode);
      expect([401, 403], 'operator').toContain((await as(users.operator.headers)).statusCode);
      expect([401, 403], 'admin').not.toContain((await as(users.admin.headers)).statusCode);
    },
  );

  it.each(byScope('public'))(
    '%s: the same answer anonymous, as a buyer and as an admin',
    async (_route, walk) => {
      if (walk.scope !== 'public') throw new Error('unreachable');
      const as = async (headers: Record<string, string>) => {
        const response = await ctx.app.inject({ ...walk.request, headers });
        return { status: response.statusCode, body: response.body };
      };
      const anonymous = await as({});
      expect(anonymous.status, 'never an auth error').not.toBe(401);
      expect(await as(users.owner.headers)).toEqual(anonymous);
      expect(await as(users.admin.headers)).toEqual(anonymous);
    },
  );

  it('names the routes still pending an ownership walk', () => {
    for (const [route, walk] of byScope('pending')) {
      expect(walk.scope === 'pending' && walk.reason.length > 10, `${route} needs a reason`).toBe(true);
    }
  });
});
