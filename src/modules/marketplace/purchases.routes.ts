import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/index.js';
import { errorResponses, ValidationError } from '../../platform/http/errors.js';
import { type authHooks, currentUser } from '../accounts/index.js';
import { PurchaseNotFoundError } from './marketplace.errors.js';
import { PurchaseIdParams, PurchaseList, PurchaseListQuery, PurchaseView } from './marketplace.schemas.js';
import { loadPurchaseViews } from './purchase-view.js';
import { listPurchaseIds } from './purchases.repository.js';

const errors = errorResponses(400, 401, 403, 404);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The cursor keeps PostgreSQL's text timestamp: a JavaScript Date would round the microseconds away and
// the next page would skip the purchases of the same checkout (they share one timestamp).
const encodeCursor = (row: { at: string; id: string }) =>
  Buffer.from(`${row.at}|${row.id}`).toString('base64url');

/** The keyset after which the next page starts; a cursor this API did not write is a 400. */
function decodeCursor(cursor: string | undefined): { at: string; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || Number.isNaN(Date.parse(at)) || !id || !UUID_RE.test(id)) {
    throw new ValidationError('cursor', 'is not a cursor this API returned');
  }
  return { at, id };
}

/** `/v1/purchases`: the caller's purchased leads with full contact; another buyer's purchase is a 404. */
export function purchaseRoutes(deps: {
  db: Database;
  now: () => Date;
  disputeWindowDays: number;
  hooks: ReturnType<typeof authHooks>;
}): FastifyPluginAsyncTypebox {
  const { db, hooks } = deps;
  return async (app) => {
    app.addHook('preHandler', hooks.requireUser);
    const common = { tags: ['marketplace'], security: [{ bearerAuth: [] }] };

    app.get(
      '/v1/purchases',
      {
        schema: {
          ...common,
          summary: 'Purchased leads, newest first (keyset-paged); the passport is on the detail route only',
          querystring: PurchaseListQuery,
          response: { 200: PurchaseList, ...errors },
        },
      },
      async (request) => {
        const user = currentUser(request);
        const { limit, cursor } = request.query;
        const page = await listPurchaseIds(db, user.id, decodeCursor(cursor), limit);
        const items = await loadPurchaseViews(
          db,
          user.id,
          page.map((row) => row.id),
          { now: deps.now(), disputeWindowDays: deps.disputeWindowDays, passport: false },
        );
        const last = page.at(-1);
        return { items, next_cursor: page.length === limit && last ? encodeCursor(last) : null };
      },
    );

    app.get(
      '/v1/purchases/:id',
      {
        schema: {
          ...common,
          summary:
            'A purchase: full contact, lead facts and address, passport, DNC flags per phone, contact rules, ' +
            'price paid with its receipt, status and dispute deadline',
          params: PurchaseIdParams,
          response: { 200: PurchaseView, ...errors },
        },
      },
      async (request) => {
        const user = currentUser(request);
        const [view] = await loadPurchaseViews(db, user.id, [request.params.id], {
          now: deps.now(),
          disputeWindowDays: deps.disputeWindowDays,
        });
        if (!view) throw new PurchaseNotFoundError();
        return view;
      },
    );
  };
}
