import { randomUUID } from 'node:crypto';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';
import { giveCredits } from './factories.js';

// Shared by the cart, checkout and purchase tests (and ownership-walks for the purchase route).

export interface BuyingCtx {
  platform: Platform;
  app: App;
  close: () => Promise<void>;
}

export async function openBuyingApp(env: Record<string, string> = {}): Promise<BuyingCtx> {
  const platform = await createTestPlatform({ env });
  const app = await buildApp(platform, createModules(platform));
  await app.ready();
  return {
    platform,
    app,
    close: async () => {
      await app.close();
      await platform.close();
    },
  };
}

/** A signed-up buyer holding `credits` (through the ledger). */
export async function makeBuyer(ctx: BuyingCtx, credits = 10_000): Promise<SignedUp> {
  const buyer = await signUp(ctx.app, ctx.platform.db);
  if (credits > 0) await giveCredits(ctx.platform.db, buyer.userId, credits);
  return buyer;
}

export const addToCart = (ctx: BuyingCtx, buyer: SignedUp, leadId: string, exclusive?: boolean) =>
  ctx.app.inject({
    method: 'POST',
    url: '/v1/cart/items',
    headers: buyer.headers,
    payload: exclusive === undefined ? { lead_id: leadId } : { lead_id: leadId, exclusive },
  });

export const checkout = (ctx: BuyingCtx, buyer: SignedUp, key: string | null = randomUUID()) =>
  ctx.app.inject({
    method: 'POST',
    url: '/v1/checkout',
    headers: { ...buyer.headers, ...(key === null ? {} : { 'idempotency-key': key }) },
  });

export async function balanceOf(ctx: BuyingCtx, userId: string): Promise<number> {
  const { rows } = await ctx.platform.db.query<{ balance: number }>(
    'SELECT balance FROM credit_accounts WHERE user_id = $1',
    [userId],
  );
  return rows[0]?.balance ?? 0;
}

export async function purchaseCount(
  ctx: BuyingCtx,
  where: { buyerId?: string; leadId?: string },
): Promise<number> {
  const { rows } = await ctx.platform.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM purchases
      WHERE ($1::uuid IS NULL OR buyer_id = $1) AND ($2::uuid IS NULL OR lead_id = $2)`,
    [where.buyerId ?? null, where.leadId ?? null],
  );
  return rows[0]!.n;
}

/** Moves an item's price lock into the past, as if the buyer had waited past CART_PRICE_LOCK_MINUTES. */
export async function expireLock(
  ctx: BuyingCtx,
  userId: string,
  leadId: string,
  credits?: number,
): Promise<void> {
  await ctx.platform.db.query(
    `UPDATE cart_items SET quoted_at = now() - interval '1 hour', locked_until = now() - interval '1 minute',
            credits = coalesce($3, credits)
      WHERE user_id = $1 AND lead_id = $2`,
    [userId, leadId, credits ?? null],
  );
}
