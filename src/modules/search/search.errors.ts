import { AppError, NotFoundError } from '../../platform/http/errors.js';

/**
 * A search parameter a client must fix: 400 VALIDATION_FAILED naming the field. Routes re-raise it with
 * the request part in front (`querystring.radius_km`, `body.polygon`), as schema errors are named.
 */
export class SearchValidationError extends AppError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super('VALIDATION_FAILED', `${field} ${reason}`, 400, [{ field, message: reason }]);
  }

  /** The same error with the field prefixed by the part of the request it came from. */
  in(part: 'querystring' | 'body'): SearchValidationError {
    return new SearchValidationError(`${part}.${this.field}`, this.reason);
  }
}

export class LeadNotFoundError extends NotFoundError {
  constructor() {
    super('LEAD_NOT_FOUND', 'No published lead has this id');
  }
}

/** A filter about "me" (`not_purchased`) used without signing in: 401 naming the field. */
export class FilterNeedsSignInError extends AppError {
  constructor(readonly field: string) {
    super('FILTER_REQUIRES_SIGN_IN', `${field} needs a signed-in buyer`, 401, [
      { field, message: 'needs a signed-in buyer' },
    ]);
  }

  /** The same error with the field prefixed by the part of the request it came from. */
  in(part: 'querystring' | 'body'): FilterNeedsSignInError {
    return new FilterNeedsSignInError(`${part}.${this.field}`);
  }
}
