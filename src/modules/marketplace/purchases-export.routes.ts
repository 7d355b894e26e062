import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Queryable } from '../../platform/db/index.js';
import { type authHooks, currentUser } from '../accounts/index.js';
import { purchasesCsv } from './purchases-export.js';

const ExportQuery = Type.Object({
  since: Type.Optional(
    Type.String({ format: 'date-time', description: 'Only purchases made at or after this moment' }),
  ),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('refunded')])),
});

/** `GET /v1/purchases/export.csv`: the caller's purchases with full contact, streamed as CSV. */
export function purchasesExportRoutes(deps: {
  db: Queryable;
  hooks: ReturnType<typeof authHooks>;
  disputeWindowDays: number;
  now?: () => Date;
}): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('preHandler', deps.hooks.requireUser);
    app.get(
      '/v1/purchases/export.csv',
      {
        schema: {
          tags: ['marketplace'],
          security: [{ bearerAuth: [] }],
          summary:
            'Your purchases as CSV (RFC 4180, oldest first): lead facts, address, full contact, DNC flags, price paid, status',
          querystring: ExportQuery,
          produces: ['text/csv'],
          response: {
            200: Type.String({ description: 'text/csv; one row per purchase after a header row' }),
            400: { $ref: 'ErrorResponse' },
            401: { $ref: 'ErrorResponse' },
            403: { $ref: 'ErrorResponse' },
          },
        },
      },
      async (request, reply) => {
        const { since, status } = request.query;
        const day = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
        const csv = purchasesCsv(
          { db: deps.db, disputeWindowDays: deps.disputeWindowDays, now: deps.now },
          currentUser(request).id,
          { since: since ? new Date(since) : undefined, status },
        );
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="aiqleads-purchases-${day}.csv"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(csv));
      },
    );
  };
}
