import { Type } from 'typebox';
import type { Queryable } from '../../platform/db/index.js';
import { defineJob, type JobRunner } from '../../platform/jobs/index.js';
import type { Platform } from '../../platform/platform.js';
import { type CrmEvent, insertCrmDeliveries } from './crm-delivery.repository.js';
import { type CrmDeliveryService, createCrmDeliveryService } from './crm-delivery.service.js';

/**
 * Works the CRM outbox (crm_deliveries): sends due deliveries and retries failed ones with backoff; the
 * state lives in the table, so a retry survives restarts. Runs every minute and right after purchases are
 * queued; concurrent runs skip each other's rows.
 */
export const crmDeliverJob = defineJob({
  name: 'marketplace-crm-deliver',
  payload: Type.Object({}),
  retryLimit: 2,
  retryDelaySeconds: 30,
  expireInSeconds: 10 * 60,
  policy: 'stately',
});

/** Asks for a delivery run once the caller's transaction commits; repeated calls collapse into one run. */
export async function nudgeCrmDelivery(jobs: JobRunner, tx: Queryable): Promise<void> {
  await jobs.enqueue(crmDeliverJob, {}, { tx, singletonKey: 'deliver' });
}

/**
 * Queues `event` for the CRM of each purchase's buyer (buyers without an enabled webhook get nothing).
 * Call it inside the transaction that created or refunded the purchases (checkout's afterCheckout,
 * refunds' onRefunded): the deliveries exist only if that commits. Idempotent per (purchase, event). With
 * `jobs`, a delivery run is asked for as soon as the transaction commits; without, the minute schedule
 * picks them up. Returns how many deliveries were queued.
 */
export async function enqueueCrmDeliveries(
  db: Queryable,
  purchaseIds: readonly string[],
  event: CrmEvent,
  options: { jobs?: JobRunner; now?: Date } = {},
): Promise<number> {
  const queued = await insertCrmDeliveries(db, purchaseIds, event, options.now ?? new Date());
  if (queued > 0 && options.jobs) await nudgeCrmDelivery(options.jobs, db);
  return queued;
}

/** The delivery service as the module runs it, from the platform's settings. */
export function crmDeliveryFromPlatform(platform: Platform): CrmDeliveryService {
  return createCrmDeliveryService({
    db: platform.db,
    fetch: platform.fetch,
    log: platform.log,
    maxAttempts: platform.config.CRM_DELIVERY_MAX_ATTEMPTS,
    disputeWindowDays: platform.config.DISPUTE_WINDOW_DAYS,
  });
}

/** Registers the delivery job. */
export function registerCrmJobs(jobs: JobRunner, delivery: CrmDeliveryService): void {
  jobs.register(crmDeliverJob, async () => {
    await delivery.sweepMissed();
    await delivery.deliverDue();
  });
}

/** Keeps the every-minute schedule (from the module's afterStart). */
export async function scheduleCrmJobs(jobs: JobRunner): Promise<void> {
  await jobs.schedule(crmDeliverJob, '* * * * *', {});
}
