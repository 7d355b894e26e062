import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/index.js';
import type { Logger } from '../../platform/logger/index.js';
import type { authHooks } from '../accounts/index.js';
import type { PricingRules } from '../pricing/index.js';
import { cartRoutes } from './cart.routes.js';
import { createCartService } from './cart.service.js';
import { checkoutRoutes } from './checkout.routes.js';
import { type CheckoutDeps, createCheckoutService } from './checkout.service.js';
import { purchaseRoutes } from './purchases.routes.js';

export interface BuyingRoutesDeps {
  db: Database;
  /** The settings the buying routes read (a slice of the app config). */
  config: {
    CART_PRICE_LOCK_MINUTES: number;
    CART_MAX_ITEMS: number;
    EXCLUSIVITY_MAX_BUYERS: number;
    DISPUTE_WINDOW_DAYS: number;
  };
  rules: PricingRules;
  now: () => Date;
  log: Logger;
  hooks: ReturnType<typeof authHooks>;
  afterCheckout?: CheckoutDeps['afterCheckout'];
}

/** The buying side of the marketplace: `/v1/cart`, `/v1/checkout`, `/v1/purchases`. */
export function buyingRoutes(deps: BuyingRoutesDeps): FastifyPluginAsyncTypebox {
  const { config } = deps;
  const shared = {
    db: deps.db,
    rules: deps.rules,
    now: deps.now,
    log: deps.log,
    lockMinutes: config.CART_PRICE_LOCK_MINUTES,
    maxItems: config.CART_MAX_ITEMS,
    maxBuyers: config.EXCLUSIVITY_MAX_BUYERS,
  };
  return async (app) => {
    await app.register(cartRoutes({ cart: createCartService(shared), hooks: deps.hooks }));
    await app.register(
      checkoutRoutes({
        db: deps.db,
        checkout: createCheckoutService({ ...shared, afterCheckout: deps.afterCheckout }),
        hooks: deps.hooks,
      }),
    );
    await app.register(
      purchaseRoutes({
        db: deps.db,
        now: deps.now,
        disputeWindowDays: config.DISPUTE_WINDOW_DAYS,
        hooks: deps.hooks,
      }),
    );
  };
}
