import { AppError, NotFoundError } from '../../platform/http/errors.js';

/** The lead to price does not exist. */
export class PricingLeadNotFoundError extends NotFoundError {
  constructor(leadId: string) {
    super('LEAD_NOT_FOUND', `Lead ${leadId} does not exist`);
  }
}

/** Agent listings are kept for comps and insights; they have no price. */
export class LeadNotForSaleError extends AppError {
  constructor(leadId: string, listingType: string) {
    super('LEAD_NOT_FOR_SALE', `Lead ${leadId} is a ${listingType} listing, which is not sold`, 409);
  }
}

/** No active override has this id. */
export class OverrideNotFoundError extends NotFoundError {
  constructor(id: number) {
    super('PRICING_OVERRIDE_NOT_FOUND', `No active pricing override ${id}`);
  }
}
