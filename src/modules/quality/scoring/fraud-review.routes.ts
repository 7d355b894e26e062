import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Queryable } from '../../../platform/db/index.js';
import type { authHooks } from '../../accounts/index.js';
import { decideFraudReview, listFraudReviews } from './fraud-review.service.js';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Reason = Type.Object({ code: Type.String(), points: Type.Number(), detail: Type.String() });
const Review = Type.Object({
  review_id: Type.Integer(),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  reasons: Type.Array(Reason),
  score_version: Type.Integer(),
  opened_at: DateTime,
  // What an admin needs to judge the lead; contact data stays out of this API.
  lead: Type.Object({
    id: Uuid,
    status: Type.String(),
    listing_type: Type.String(),
    property_type: Nullable(Type.String()),
    title: Nullable(Type.String()),
    price: Nullable(Type.Number()),
    city: Nullable(Type.String()),
    state: Nullable(Type.String()),
    zip: Nullable(Type.String()),
    posted_at: Nullable(DateTime),
    quality_score: Nullable(Type.Integer()),
  }),
});

export interface FraudReviewRoutesOptions {
  db: Queryable;
  /** The admin check (accounts' requireAdmin): an admin user, or the ADMIN_TOKEN bearer. */
  requireAdmin: ReturnType<typeof authHooks>['requireAdmin'];
  /** What else happens when a cleared lead is published (see DecisionInput.onPublished). */
  onPublished?: (tx: Queryable, leadId: string, at: Date) => Promise<void>;
}

/** The admin fraud queue: list open reviews, clear or confirm one. Admin users or the ADMIN_TOKEN bearer. */
export function fraudReviewRoutes(options: FraudReviewRoutesOptions): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('preHandler', options.requireAdmin);
    const secured = { tags: ['admin'], security: [{ bearerAuth: [] }] };

    app.get(
      '/v1/admin/fraud',
      {
        schema: {
          ...secured,
          summary: 'Open fraud reviews, highest score (or newest) first, with the reasons',
          querystring: Type.Object({
            sort: Type.Enum(['score', 'newest'], { default: 'score' }),
            cursor: Type.Optional(Type.String({ maxLength: 64 })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          }),
          response: {
            200: Type.Object({ items: Type.Array(Review), next_cursor: Nullable(Type.String()) }),
          },
        },
      },
      async (request) => {
        const { sort, cursor, limit } = request.query;
        const page = await listFraudReviews(options.db, { order: sort, cursor, limit });
        return {
          items: page.items.map((row) => ({
            review_id: row.review_id,
            score: row.score,
            reasons: row.reasons,
            score_version: row.score_version,
            opened_at: row.opened_at.toISOString(),
            lead: {
              id: row.lead_id,
              status: row.status,
              listing_type: row.listing_type,
              property_type: row.property_type,
              title: row.title,
              price: row.price,
              city: row.city,
              state: row.state,
              zip: row.zip,
              posted_at: row.posted_at?.toISOString() ?? null,
              quality_score: row.quality_score,
            },
          })),
          next_cursor: page.nextCursor,
        };
      },
    );

    app.post(
      '/v1/admin/fraud/:leadId/decision',
      {
        schema: {
          ...secured,
          summary: 'Clear (publish) or confirm (withdraw) a lead waiting for fraud review',
          params: Type.Object({ leadId: Uuid }),
          body: Type.Object(
            {
              decision: Type.Enum(['clear', 'confirm']),
              note: Type.Optional(Type.String({ maxLength: 2000 })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              lead_id: Uuid,
              review_id: Type.Integer(),
              decision: Type.String(),
              status: Type.String(),
              decided_at: DateTime,
            }),
          },
        },
      },
      async (request) => {
        const result = await decideFraudReview(options.db, request.params.leadId, {
          decision: request.body.decision,
          note: request.body.note?.trim() || null,
          // The admin's email when a user decided; the shared ADMIN_TOKEN names no one.
          decidedBy: request.user?.email ?? 'admin-token',
          actorId: request.user?.id ?? null,
          onPublished: options.onPublished,
        });
        return {
          lead_id: result.leadId,
          review_id: result.reviewId,
          decision: result.decision,
          status: result.status,
          decided_at: result.decidedAt.toISOString(),
        };
      },
    );
  };
}
