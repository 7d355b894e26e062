import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../platform/db/index.js';
import { type authHooks, currentUser } from '../accounts/index.js';
import { CreditsResponse, errorRefs, IdempotencyHeaders, Pack, PaymentResponse } from './billing.schemas.js';
import { replyIdempotent } from './idempotent-reply.js';
import { listWalletEntries, walletBalance } from './ledger.repository.js';
import { listPacks } from './payments.repository.js';
import { purchasePack } from './payments.service.js';
import type { PaymentProvider } from './providers.js';

export interface CreditsRoutesDeps {
  db: Database;
  provider: PaymentProvider;
  hooks: ReturnType<typeof authHooks>;
}

const encodeCursor = (entryId: number) => Buffer.from(String(entryId)).toString('base64url');
function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return null;
  const id = Number(Buffer.from(cursor, 'base64url').toString());
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The buyer's credits: balance and ledger, packs on sale, and buying one. */
export function creditsRoutes(deps: CreditsRoutesDeps): FastifyPluginAsyncTypebox {
  const { db, hooks } = deps;
  return async (app) => {
    app.get(
      '/v1/credits',
      {
        preHandler: hooks.requireUser,
        schema: {
          tags: ['billing'],
          summary: 'Credit balance and the wallet ledger, newest first (keyset-paged)',
          querystring: Type.Object({
            cursor: Type.Optional(Type.String({ maxLength: 40 })),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
          }),
          response: { 200: CreditsResponse, ...errorRefs },
        },
      },
      async (request) => {
        const user = currentUser(request);
        const { limit, cursor } = request.query;
        const items = await listWalletEntries(db, user.id, decodeCursor(cursor), limit);
        const last = items.at(-1);
        return {
          balance: await walletBalance(db, user.id),
          items: items.map(({ reference: _reference, ...item }) => ({
            ...item,
            created_at: new Date(item.created_at).toISOString(),
          })),
          next_cursor: items.length === limit && last ? encodeCursor(last.entry_id) : null,
        };
      },
    );

    app.get(
      '/v1/credits/packs',
      {
        schema: {
          tags: ['billing'],
          summary: 'Credit packs on sale',
          response: { 200: Type.Object({ items: Type.Array(Pack) }) },
        },
      },
      async () => ({ items: await listPacks(db) }),
    );

    app.post(
      '/v1/credits/purchases',
      {
        preHandler: hooks.requireUser,
        schema: {
          tags: ['billing'],
          summary: 'Buy a credit pack (Idempotency-Key required); the sandbox grants the credits at once',
          headers: IdempotencyHeaders,
          body: Type.Object({ pack_id: Type.String({ minLength: 1, maxLength: 40 }) }),
          response: { 201: PaymentResponse, 402: { $ref: 'ErrorResponse' }, ...errorRefs },
        },
      },
      async (request, reply) => {
        const user = currentUser(request);
        return replyIdempotent(db, request, reply, user.id, async (tx) => ({
          status: 201,
          body: await purchasePack(deps, tx, {
            userId: user.id,
            email: user.email,
            packId: request.body.pack_id,
          }),
        }));
      },
    );
  };
}
