import { AppError, NotFoundError } from '../../../platform/http/errors.js';

/** A lead named in a merge does not exist. */
export class LeadNotFoundForMergeError extends NotFoundError {
  constructor(leadId: string) {
    super('LEAD_NOT_FOUND', `lead ${leadId} does not exist`);
  }
}

/** Two leads that must not become one (same lead, already merged, or a sale and a rental). */
export class LeadMergeRefusedError extends AppError {
  constructor(message: string) {
    super('LEAD_MERGE_REFUSED', message, 409);
  }
}
