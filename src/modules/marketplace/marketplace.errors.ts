import { AppError, NotFoundError } from '../../platform/http/errors.js';

// Stable codes for everything a buyer can be refused while carting, checking out or reading purchases.
// 404: no such thing (for this caller); 409: the lead's or cart's state forbids it now; 422: the request
// can never succeed for this lead (it is not a product).

export class MarketplaceLeadNotFoundError extends NotFoundError {
  constructor(leadId: string) {
    super('LEAD_NOT_FOUND', `Lead ${leadId} does not exist`);
  }
}

/** Agent listings (kept for comps) and unpublished drafts have no price and are never sold. */
export class NotForSaleError extends AppError {
  constructor(leadId: string, reason: string) {
    super('LEAD_NOT_FOR_SALE', `Lead ${leadId} is not for sale (${reason})`, 422, {
      lead_id: leadId,
      reason,
    });
  }
}

export class AlreadyPurchasedError extends AppError {
  constructor(leadId: string) {
    super('ALREADY_PURCHASED', `You already bought lead ${leadId}`, 409, { lead_id: leadId });
  }
}

/** Every slot of the lead is taken (or one buyer holds it exclusively). */
export class SoldOutError extends AppError {
  constructor(leadId: string) {
    super('SOLD_OUT', `Lead ${leadId} is sold out`, 409, { lead_id: leadId });
  }
}

/** An exclusive purchase needs a lead nobody holds yet. */
export class ExclusiveUnavailableError extends AppError {
  constructor(leadId: string, holders: number) {
    super(
      'EXCLUSIVE_UNAVAILABLE',
      `Lead ${leadId} already has ${holders} buyer(s); it can no longer be bought exclusively`,
      409,
      { lead_id: leadId, holders },
    );
  }
}

/** The owner withdrew the lead, or it was merged into another lead (buy that one instead). */
export class LeadWithdrawnError extends AppError {
  constructor(leadId: string, mergedInto: string | null) {
    super(
      'LEAD_WITHDRAWN',
      mergedInto ? `Lead ${leadId} was merged into lead ${mergedInto}` : `Lead ${leadId} was withdrawn`,
      409,
      { lead_id: leadId, merged_into: mergedInto },
    );
  }
}

export class LeadInFraudReviewError extends AppError {
  constructor(leadId: string) {
    super('LEAD_IN_FRAUD_REVIEW', `Lead ${leadId} is under fraud review and cannot be bought now`, 409, {
      lead_id: leadId,
    });
  }
}

export class CartFullError extends AppError {
  constructor(max: number) {
    super('CART_FULL', `A cart holds at most ${max} items`, 409, { max_items: max });
  }
}

export class CartItemNotFoundError extends NotFoundError {
  constructor(leadId: string) {
    super('CART_ITEM_NOT_FOUND', `Lead ${leadId} is not in your cart`);
  }
}

export class CartEmptyError extends AppError {
  constructor() {
    super('CART_EMPTY', 'Your cart is empty: add leads before checking out', 409);
  }
}

/** No purchase with this id belongs to the caller (another buyer's id answers the same). */
export class PurchaseNotFoundError extends NotFoundError {
  constructor() {
    super('PURCHASE_NOT_FOUND', 'No such purchase');
  }
}
