import { AppError, NotFoundError } from '../../platform/http/errors.js';

/** A wallet cannot cover a spend: 402, with what it holds and what was asked. */
export class InsufficientCreditsError extends AppError {
  constructor(balance: number, required: number) {
    super('INSUFFICIENT_CREDITS', `Balance ${balance} credits does not cover ${required}`, 402, {
      balance,
      required,
    });
  }
}

/** The same Idempotency-Key was sent earlier with different parameters. */
export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was used for a different request; use a new key for new parameters',
      422,
    );
  }
}

/** A command that moves credits was sent without an Idempotency-Key header. */
export class IdempotencyKeyRequiredError extends AppError {
  constructor() {
    super(
      'IDEMPOTENCY_KEY_REQUIRED',
      'Send an Idempotency-Key header (1–255 characters) with this request',
      400,
    );
  }
}

export class PackNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('PACK_NOT_FOUND', `Credit pack ${id} does not exist`);
  }
}

export class PlanNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('PLAN_NOT_FOUND', `Plan ${id} does not exist`);
  }
}

export class PaymentNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('PAYMENT_NOT_FOUND', `Payment ${id} does not exist`);
  }
}

export class TransactionNotFoundError extends NotFoundError {
  constructor(id: number) {
    super('TRANSACTION_NOT_FOUND', `Ledger transaction ${id} does not exist`);
  }
}

/** A state change the current state does not allow (refund an unpaid payment, reverse a reversal). */
export class BillingConflictError extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, 409, details);
  }
}

/** The payment provider refused or could not be reached; nothing was charged or recorded. */
export class PaymentProviderError extends AppError {
  constructor(message: string, details?: unknown) {
    super('PAYMENT_PROVIDER_ERROR', message, 502, details);
  }
}
