import { AppError, NotFoundError } from '../../platform/http/errors.js';

/** The purchase does not exist or is not the caller's: the same answer, so ids can't be probed. */
export class DisputedPurchaseNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('PURCHASE_NOT_FOUND', `Purchase ${id} does not exist`);
  }
}

export class DisputeNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('DISPUTE_NOT_FOUND', `Dispute ${id} does not exist`);
  }
}

/** Disputes are filed within DISPUTE_WINDOW_DAYS of the purchase. */
export class DisputeWindowClosedError extends AppError {
  constructor(closedAt: Date) {
    super('DISPUTE_WINDOW_CLOSED', `Disputes for this purchase closed at ${closedAt.toISOString()}`, 409, {
      closed_at: closedAt.toISOString(),
    });
  }
}

/** One dispute per purchase, whatever its outcome. */
export class DisputeExistsError extends AppError {
  constructor(disputeId: string) {
    super('DISPUTE_EXISTS', 'This purchase already has a dispute', 409, { dispute_id: disputeId });
  }
}

/** A refunded purchase has nothing left to dispute. */
export class PurchaseRefundedError extends AppError {
  constructor(id: string) {
    super('PURCHASE_REFUNDED', `Purchase ${id} is already refunded`, 409);
  }
}

/** An admin decision on a dispute that is no longer open. */
export class DisputeDecidedError extends AppError {
  constructor(id: string, status: string) {
    super('DISPUTE_DECIDED', `Dispute ${id} is already decided (${status})`, 409, { status });
  }
}

/** The refund target does not exist (refundPurchase with an unknown id). */
export class RefundPurchaseNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('PURCHASE_NOT_FOUND', `Purchase ${id} does not exist`);
  }
}
