import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../platform/http/errors.js';
import { type authHooks, currentUser } from '../accounts/index.js';
import type { CartService } from './cart.service.js';
import { AddCartItem, CartItem, CartView, LeadIdParams } from './marketplace.schemas.js';

const errors = errorResponses(400, 401, 403, 404, 409, 422);

/** `/v1/cart`: the caller's own cart; each item's price is locked for CART_PRICE_LOCK_MINUTES. */
export function cartRoutes(deps: {
  cart: CartService;
  hooks: ReturnType<typeof authHooks>;
}): FastifyPluginAsyncTypebox {
  const { cart, hooks } = deps;
  return async (app) => {
    app.addHook('preHandler', hooks.requireUser);
    const common = { tags: ['marketplace'], security: [{ bearerAuth: [] }] };

    app.get(
      '/v1/cart',
      {
        schema: {
          ...common,
          summary:
            'The cart: each item with its locked quote and receipt, whether the lock expired, the total',
          response: { 200: CartView, ...errors },
        },
      },
      async (request) => cart.view(currentUser(request).id),
    );

    app.post(
      '/v1/cart/items',
      {
        schema: {
          ...common,
          summary:
            'Quote a lead and add it to the cart (201), or re-quote the item already there (200); ' +
            'refusals: LEAD_NOT_FOUND, LEAD_NOT_FOR_SALE, ALREADY_PURCHASED, SOLD_OUT, EXCLUSIVE_UNAVAILABLE, ' +
            'LEAD_WITHDRAWN, LEAD_IN_FRAUD_REVIEW, CART_FULL',
          body: AddCartItem,
          response: { 200: CartItem, 201: CartItem, ...errors },
        },
      },
      async (request, reply) => {
        const { item, created } = await cart.add(currentUser(request).id, request.body);
        return reply.status(created ? 201 : 200).send(item);
      },
    );

    app.delete(
      '/v1/cart/items/:lead_id',
      {
        schema: {
          ...common,
          summary: 'Remove a lead from the cart (404 CART_ITEM_NOT_FOUND when it is not there)',
          params: LeadIdParams,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await cart.remove(currentUser(request).id, request.params.lead_id);
        return reply.status(204).send(null);
      },
    );
  };
}
