// Billing: the credit ledger (double-entry, append-only, enforced by the database), idempotent
// commands, credit packs and payments, plans and subscriptions. Other modules import only from here.

export * from './billing.errors.js';
export {
  type BillingOverrides,
  billingModule,
  providerFor,
  recoverPaymentsJob,
  renewSubscriptionsJob,
} from './billing.module.js';
export type { IdempotencyRequest, IdempotentResponse, IdempotentResult } from './idempotency.js';
export {
  idempotencyKeyFrom,
  pruneIdempotencyKeys,
  requestFingerprint,
  runIdempotent,
} from './idempotency.js';
export { replyIdempotent } from './idempotent-reply.js';
export type {
  Discrepancy,
  LedgerKind,
  LedgerLine,
  PostedTransaction,
  PostingLine,
  SystemAccount,
} from './ledger.repository.js';
export {
  ensureUserWallet,
  ledgerDiscrepancies,
  listWalletEntries,
  walletBalance,
} from './ledger.repository.js';
export type { CreditMovement, GrantInput, SpendInput, TakeBackInput } from './ledger.service.js';
export { grantCredits, reverseTransaction, spendCredits, takeBackCredits } from './ledger.service.js';
export type { CreditPack, Payment, PaymentStatus } from './payments.repository.js';
export type { PaymentView, RefundResult } from './payments.service.js';
export { grantConfirmedPayment, purchasePack, recoverPayments, refundPayment } from './payments.service.js';
export type {
  CheckoutRequest,
  CheckoutResult,
  PaymentProvider,
  RenewalCharge,
  SandboxOptions,
} from './providers.js';
export { createSandboxProvider } from './providers.js';
export type { RenewalOutcome } from './renewal.service.js';
export { renewDueSubscriptions, renewSubscription } from './renewal.service.js';
export { createStripeProvider, type HttpSend, stripeForm } from './stripe.provider.js';
export {
  STRIPE_SIGNATURE_TOLERANCE_SECONDS,
  signStripePayload,
  verifyStripeSignature,
} from './stripe-signature.js';
export { processStoredEvents, receiveStripeEvent, type StripeEvent } from './stripe-webhook.service.js';
export { addMonth, type PlanChange, planChange } from './subscription.rules.js';
export type { Plan, Subscription } from './subscriptions.repository.js';
export { findSubscriptionOf, listPlans } from './subscriptions.repository.js';
export type { SubscriptionDeps, SubscriptionView } from './subscriptions.service.js';
export { cancelSubscription, grantPeriodCredits, subscribe } from './subscriptions.service.js';
