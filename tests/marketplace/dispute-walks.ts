import { expect } from 'vitest';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import type { SignedUp } from '../support/auth.js';
import { giveCredits, makeLeadWithContact, makePurchase } from './factories.js';

// Setups for tests/accounts/ownership.test.ts: a purchase of the owner and a dispute request on it, plus a
// check that the other users' attempts filed nothing.

interface Ctx {
  app: App;
  platform: Platform;
}

/** The owner's purchase (a lead with a passing phone, so nothing is decided by machine), and a request on its disputes. */
export function purchaseDisputeWalk(method: 'GET' | 'POST') {
  return async ({ app, platform }: Ctx, owner: SignedUp) => {
    await giveCredits(platform.db, owner.userId, 10);
    const leadId = await makeLeadWithContact(platform.db, {}, { phones: ['+15058421937'] });
    const { purchaseId } = await makePurchase(platform.db, { buyerId: owner.userId, leadId, credits: 10 });
    const url = `/v1/purchases/${purchaseId}/disputes`;
    return {
      method,
      url,
      payload:
        method === 'POST' ? { reason: 'off_market', evidence: 'the owner sold last month' } : undefined,
      async untouched() {
        const read = await app.inject({ url, headers: owner.headers });
        expect(read.json(), 'no dispute was filed by the others').toEqual({ items: [] });
      },
    };
  };
}
