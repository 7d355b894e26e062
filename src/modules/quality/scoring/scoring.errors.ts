import { AppError, NotFoundError } from '../../../platform/http/errors.js';

/** The lead asked about does not exist. */
export class LeadNotFoundError extends NotFoundError {
  constructor(leadId: string) {
    super('LEAD_NOT_FOUND', `Lead ${leadId} does not exist`);
  }
}

/** A decision was sent for a lead that is not waiting for one. */
export class NoOpenFraudReviewError extends AppError {
  constructor(leadId: string) {
    super('NO_OPEN_FRAUD_REVIEW', `Lead ${leadId} has no open fraud review`, 409);
  }
}

/** The paging cursor was not one this API handed out. */
export class InvalidCursorError extends AppError {
  constructor() {
    super('INVALID_CURSOR', 'cursor is not a cursor from a previous page', 400);
  }
}
