// The marketplace: lead slots, carts with price locks, checkout, purchases and their delivery, disputes
// and refunds. Other modules import only from here.

export { type CartService, createCartService, type MarketplaceDeps } from './cart.service.js';
export {
  type CheckoutDeps,
  type CheckoutOutcome,
  type CheckoutService,
  createCheckoutService,
} from './checkout.service.js';
export { type ContactRule, contactRules } from './contact-rules.js';
export { crmDeliverJob, enqueueCrmDeliveries, nudgeCrmDelivery } from './crm-delivery.jobs.js';
export type { CrmEvent } from './crm-delivery.repository.js';
export {
  CRM_EVENT_HEADER,
  CRM_EVENT_ID_HEADER,
  CRM_TIMESTAMP_HEADER,
  type CrmDeliveryService,
  createCrmDeliveryService,
} from './crm-delivery.service.js';
export { CrmWebhookNotFoundError, CrmWebhookUrlRefusedError } from './crm-webhook.errors.js';
export {
  DISPUTE_REASONS,
  type DisputeReason,
  judgeDispute,
  type MachineCheck,
} from './dispute-rules.js';
export { createDisputesService, type DisputesDeps, type DisputesService } from './disputes.service.js';
export { holdersOf } from './inventory.repository.js';
export * from './marketplace.errors.js';
export { marketplaceModule } from './marketplace.module.js';
export { PurchaseView } from './marketplace.schemas.js';
export { loadPurchaseViews, type PurchaseViewOptions } from './purchase-view.js';
export { CSV_COLUMNS, purchasesCsv } from './purchases-export.js';
export { REFUND_BAD_LEADS_CRON, refundBadLeadsJob } from './refunds.jobs.js';
export {
  type RefundActor,
  type RefundOptions,
  type RefundResult,
  refundBadLeads,
  refundLeadBuyers,
  refundPurchase,
} from './refunds.service.js';
