import { expect } from 'vitest';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import type { SignedUp } from '../support/auth.js';
import { giveCredits, makeLeadWithContact, makePurchase } from './factories.js';

// Setups for tests/accounts/ownership.test.ts: the cart item and purchase routes, walked as owner, other
// user and admin (who gets 404 through the buyer API, like everyone who is not the owner).

interface Ctx {
  app: App;
  platform: Platform;
}

/** A lead in the owner's cart, and removing it. */
export async function cartItemWalk({ app, platform }: Ctx, owner: SignedUp) {
  const leadId = await makeLeadWithContact(platform.db);
  const added = await app.inject({
    method: 'POST',
    url: '/v1/cart/items',
    headers: owner.headers,
    payload: { lead_id: leadId },
  });
  expect(added.statusCode, added.body).toBe(201);
  return {
    method: 'DELETE' as const,
    url: `/v1/cart/items/${leadId}`,
    async untouched() {
      const cart = (await app.inject({ url: '/v1/cart', headers: owner.headers })).json();
      expect(
        cart.items.map((item: { lead_id: string }) => item.lead_id),
        "the item is still in the owner's cart",
      ).toContain(leadId);
    },
  };
}

/** A purchase of the owner, and reading it (full contact: only the owner may). */
export async function purchaseWalk({ platform }: Ctx, owner: SignedUp) {
  await giveCredits(platform.db, owner.userId, 10);
  const { purchaseId } = await makePurchase(platform.db, {
    buyerId: owner.userId,
    leadId: await makeLeadWithContact(platform.db),
  });
  return { method: 'GET' as const, url: `/v1/purchases/${purchaseId}` };
}
