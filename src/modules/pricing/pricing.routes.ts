import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/http/errors.js';
import type { authHooks } from '../accounts/index.js';
import { listOverrides, type OverrideRow, replaceOverride, revokeOverride } from './overrides.repository.js';
import { leadExists, listPriceHistory } from './prices.repository.js';
import { OverrideNotFoundError, PricingLeadNotFoundError } from './pricing.errors.js';
import { errorRefs, Override, OverrideBody, PriceVersion, QuoteResponse } from './pricing.schemas.js';
import type { PricingRules } from './pricing.types.js';
import { quoteLead } from './quote.service.js';

export interface PricingRoutesDeps {
  db: Database;
  rules: PricingRules;
  hooks: ReturnType<typeof authHooks>;
  now: () => Date;
}

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const secured = { tags: ['admin', 'pricing'], security: [{ bearerAuth: [] }] };

/** Who acted: the admin user, or the shared ADMIN_TOKEN (which carries no user). */
const actor = (request: FastifyRequest) => request.user?.id ?? 'admin-token';

function overrideView(row: OverrideRow) {
  return {
    id: row.id,
    target: row.target,
    lead_id: row.lead_id,
    market: row.market_scope && row.area ? { scope: row.market_scope, area: row.area } : null,
    kind: row.kind,
    factor: row.factor,
    value: Number(row.value),
    reason: row.reason,
    created_by: row.created_by,
    created_at: new Date(row.created_at).toISOString(),
    revoked_by: row.revoked_by,
    revoked_at: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

/** `/v1/admin/pricing`: the rules, overrides (set, replace, revoke), a lead's quote and price history. */
export function pricingAdminRoutes(deps: PricingRoutesDeps): FastifyPluginAsyncTypebox {
  const { db, rules, hooks } = deps;
  return async (app) => {
    app.addHook('preHandler', hooks.requireAdmin);

    app.get(
      '/v1/admin/pricing',
      {
        schema: {
          ...secured,
          summary: 'The pricing rules in force and the overrides (active; revoked too when asked)',
          querystring: Type.Object({ include_revoked: Type.Boolean({ default: false }) }),
          response: {
            200: Type.Object({
              rules: Type.Record(Type.String(), Type.Unknown()),
              overrides: Type.Array(Override),
            }),
            ...errorRefs,
          },
        },
      },
      async (request) => ({
        rules: rules as unknown as Record<string, unknown>,
        overrides: (await listOverrides(db, request.query.include_revoked, 500)).map(overrideView),
      }),
    );

    app.put(
      '/v1/admin/pricing/overrides',
      {
        schema: {
          ...secured,
          summary:
            'Set a fixed price, a multiplier or one factor for a lead or a market (replaces the active one)',
          body: OverrideBody,
          response: { 200: Override, ...errorRefs },
        },
      },
      async (request) => {
        const body = request.body;
        if ((body.lead_id === undefined) === (body.market === undefined)) {
          throw new ValidationError('body', 'must name exactly one of lead_id and market');
        }
        if ((body.kind === 'factor') !== (body.factor !== undefined)) {
          throw new ValidationError('factor', "is required with kind 'factor' and only then");
        }
        if (body.lead_id && !(await leadExists(db, body.lead_id)))
          throw new PricingLeadNotFoundError(body.lead_id);
        const row = await replaceOverride(db, {
          target: body.lead_id ? { leadId: body.lead_id } : { market: body.market! },
          kind: body.kind,
          factor: body.factor ?? null,
          value: body.value,
          reason: body.reason,
          by: actor(request),
        });
        return overrideView(row);
      },
    );

    app.delete(
      '/v1/admin/pricing/overrides/:id',
      {
        schema: {
          ...secured,
          summary: 'Revoke an override (kept in the history with who and when)',
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          response: { 200: Override, ...errorRefs },
        },
      },
      async (request) => {
        const row = await revokeOverride(db, request.params.id, actor(request));
        if (!row) throw new OverrideNotFoundError(request.params.id);
        return overrideView(row);
      },
    );

    app.get(
      '/v1/admin/pricing/leads/:id',
      {
        schema: {
          ...secured,
          summary: "A lead's current list price with its receipt (stored as a new version if it changed)",
          params: Id,
          response: { 200: QuoteResponse, ...errorRefs },
        },
      },
      async (request) => quoteLead(db, request.params.id, { now: deps.now(), rules }),
    );

    app.get(
      '/v1/admin/pricing/leads/:id/history',
      {
        schema: {
          ...secured,
          summary: "A lead's list-price versions, newest first",
          params: Id,
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }),
          response: {
            200: Type.Object({ lead_id: Type.String(), items: Type.Array(PriceVersion) }),
            ...errorRefs,
          },
        },
      },
      async (request) => {
        const { id } = request.params;
        if (!(await leadExists(db, id))) throw new PricingLeadNotFoundError(id);
        const items = await listPriceHistory(db, id, request.query.limit);
        return {
          lead_id: id,
          items: items.map((item) => ({ ...item, computed_at: new Date(item.computed_at).toISOString() })),
        };
      },
    );
  };
}
