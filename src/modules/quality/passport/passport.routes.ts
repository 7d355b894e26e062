import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Queryable } from '../../../platform/db/index.js';
import type { authHooks } from '../../accounts/index.js';
import { LeadNotFoundError } from '../scoring/index.js';
import { loadPassport } from './passport.repository.js';

const Json = Type.Record(Type.String(), Type.Unknown());
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Passport = Type.Object({
  lead_id: Type.String(),
  status: Type.String(),
  merged_into: Nullable(Type.String()),
  scores: Type.Object({
    quality: Nullable(Type.Integer()),
    fraud: Nullable(Type.Integer()),
    version: Nullable(Type.Integer()),
    scored_at: Nullable(Type.String()),
    quality_reasons: Type.Array(Type.Unknown()),
    fraud_reasons: Type.Array(Type.Unknown()),
  }),
  consent: Type.Unknown(),
  dnc_scrubbed_at: Nullable(Type.String()),
  validated_at: Nullable(Type.String()),
  sources: Type.Array(
    Type.Object({
      source_id: Type.String(),
      external_id: Nullable(Type.String()),
      url: Nullable(Type.String()),
      raw_record_id: Type.Integer(),
      fetched_at: Type.String(),
      http_status: Nullable(Type.Integer()),
      fetch: Json,
      match: Json,
      fields: Type.Array(Type.String()),
      attached_at: Type.String(),
      parser_version: Nullable(Type.String()),
    }),
  ),
  field_sources: Type.Record(
    Type.String(),
    Type.Object({
      raw_record_id: Type.Integer(),
      source_id: Type.String(),
      merged_from: Nullable(Type.String()),
    }),
  ),
  timeline: Type.Array(
    Type.Object({ at: Type.String(), type: Type.String(), lead_id: Type.String(), payload: Json }),
  ),
});

export interface PassportRoutesOptions {
  db: Queryable;
  requireAdmin: ReturnType<typeof authHooks>['requireAdmin'];
}

/** The full lead passport for operators (the buyer's part ships with each purchase). */
export function passportRoutes(options: PassportRoutesOptions): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('preHandler', options.requireAdmin);
    app.get(
      '/v1/admin/leads/:id/passport',
      {
        schema: {
          tags: ['admin'],
          security: [{ bearerAuth: [] }],
          summary:
            "A lead's passport: sources with fetch facts and match evidence, field provenance, checks, scores",
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          response: { 200: Passport, 404: { $ref: 'ErrorResponse#' } },
        },
      },
      async (request) => {
        const passport = await loadPassport(options.db, request.params.id);
        if (!passport) throw new LeadNotFoundError(request.params.id);
        return passport;
      },
    );
  };
}
