import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Queryable } from '../../platform/db/index.js';
import { AuthRequiredError } from '../accounts/index.js';
import type { PricingRules } from '../pricing/index.js';
import { getLead } from './lead-detail.js';
import { FilterNeedsSignInError, SearchValidationError } from './search.errors.js';
import {
  LeadDetail,
  type SearchQuery,
  SearchQuerySchema,
  SearchQueryStringSchema,
  SearchResultSchema,
} from './search.schemas.js';
import { searchLeads } from './search.service.js';

export interface SearchRoutesOptions {
  db: Queryable;
  /** Authenticates when credentials are sent; throws AuthRequiredError when there are none. */
  requireUser: (request: FastifyRequest) => Promise<void>;
  /** The pricing rules quotes use, and the clock they are quoted at. */
  rules: PricingRules;
  now: () => Date;
}

const errors = {
  400: { $ref: 'ErrorResponse' },
  401: { $ref: 'ErrorResponse' },
  404: { $ref: 'ErrorResponse' },
} as const;

/**
 * Public browsing: anyone may search and open published leads, whose contacts are masked; a signed-in
 * buyer is recognised (plan discount in prices, "not yet bought by me", their purchase of a lead) but
 * not required.
 */
export function searchRoutes(options: SearchRoutesOptions): FastifyPluginAsyncTypebox {
  async function viewerOf(request: FastifyRequest): Promise<string | null> {
    try {
      await options.requireUser(request);
      return request.user?.id ?? null;
    } catch (error) {
      if (error instanceof AuthRequiredError) return null;
      throw error;
    }
  }

  async function run(request: FastifyRequest, query: SearchQuery, part: 'querystring' | 'body') {
    const viewerId = await viewerOf(request);
    try {
      return await searchLeads(options.db, query, {
        viewerId,
        facets: true,
        pricing: { rules: options.rules, now: options.now() },
      });
    } catch (error) {
      if (error instanceof SearchValidationError || error instanceof FilterNeedsSignInError)
        throw error.in(part);
      throw error;
    }
  }

  return async (app) => {
    const tags = ['leads'];
    app.get(
      '/v1/leads',
      {
        schema: {
          tags,
          summary: 'Search published owner leads (text, filters, radius, bbox); facets on the first page',
          querystring: SearchQueryStringSchema,
          response: { 200: SearchResultSchema, ...errors },
        },
      },
      async (request) => run(request, request.query, 'querystring'),
    );

    app.post(
      '/v1/leads/search',
      {
        schema: {
          tags,
          summary: 'Search with a JSON body: the same fields as GET /v1/leads plus a GeoJSON polygon',
          body: SearchQuerySchema,
          response: { 200: SearchResultSchema, ...errors },
        },
      },
      async (request) => run(request, request.body, 'body'),
    );

    app.get(
      '/v1/leads/:id',
      {
        schema: {
          tags,
          summary:
            'One published lead: facts, description, images, sources, the masked contact, the price with its receipt and the slots left',
          params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
          response: { 200: LeadDetail, ...errors },
        },
      },
      async (request) =>
        getLead(options.db, request.params.id, {
          viewerId: await viewerOf(request),
          rules: options.rules,
          now: options.now(),
          log: request.log,
        }),
    );
  };
}
