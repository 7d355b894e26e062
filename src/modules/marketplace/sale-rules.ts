import { SELLABLE_TYPES } from '../pricing/index.js';
import type { LeadForSale } from './cart.repository.js';
import type { InventoryRow } from './inventory.repository.js';
import {
  ExclusiveUnavailableError,
  LeadInFraudReviewError,
  LeadWithdrawnError,
  MarketplaceLeadNotFoundError,
  NotForSaleError,
  SoldOutError,
} from './marketplace.errors.js';

// The rules that decide whether a lead can be carted or bought, shared by the cart and checkout so both
// refuse with the same codes.

const sellable = new Set<string>(SELLABLE_TYPES);

/** Throws the refusal for a lead that is not on sale now (missing, agent listing, draft, withdrawn, …). */
export function assertOnSale(leadId: string, lead: LeadForSale | undefined): void {
  if (!lead) throw new MarketplaceLeadNotFoundError(leadId);
  if (!sellable.has(lead.listing_type))
    throw new NotForSaleError(leadId, `${lead.listing_type} listings are not sold`);
  switch (lead.status) {
    case 'published':
      return;
    case 'draft':
      throw new NotForSaleError(leadId, 'not published');
    case 'withdrawn':
    case 'merged':
      throw new LeadWithdrawnError(leadId, lead.merged_into);
    case 'fraud_review':
      throw new LeadInFraudReviewError(leadId);
    default:
      throw new NotForSaleError(leadId, `status ${lead.status}`);
  }
}

/** Throws SOLD_OUT or EXCLUSIVE_UNAVAILABLE when the slots cannot serve this request. */
export function assertAvailable(leadId: string, slots: InventoryRow | undefined, exclusive: boolean): void {
  if (!slots) return;
  if (slots.exclusive_holder !== null || slots.holders >= slots.max_buyers) throw new SoldOutError(leadId);
  if (exclusive && slots.holders > 0) throw new ExclusiveUnavailableError(leadId, slots.holders);
}
