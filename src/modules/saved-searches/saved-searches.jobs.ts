import { Type } from 'typebox';
import type { Queryable } from '../../platform/db/index.js';
import { defineJob, type JobRunner } from '../../platform/jobs/index.js';
import type { DeliveryService } from './delivery.service.js';

/**
 * Works the alert outbox: sends due email and webhook deliveries, retrying failed ones with backoff
 * (the state lives in notification_deliveries, so a retry survives restarts). Runs every minute and
 * right after a digest is queued; concurrent runs skip each other's rows.
 */
export const deliverAlertsJob = defineJob({
  name: 'saved-search-deliver',
  payload: Type.Object({}),
  retryLimit: 2,
  retryDelaySeconds: 30,
  expireInSeconds: 10 * 60,
  policy: 'stately',
});

/** Queues the daily digest of every user's `daily` saved searches (cron ALERT_DIGEST_CRON). */
export const alertDigestJob = defineJob({
  name: 'saved-search-digest',
  payload: Type.Object({}),
  retryLimit: 3,
  retryDelaySeconds: 300,
  policy: 'stately',
});

/**
 * Optional, after matchNewLeads: asks for a delivery run as soon as the caller's transaction commits,
 * instead of at the next minute. Repeated calls collapse into one queued run (the queue is `stately`).
 */
export async function nudgeAlertDelivery(jobs: JobRunner, tx: Queryable): Promise<void> {
  await jobs.enqueue(deliverAlertsJob, {}, { tx, singletonKey: 'deliver' });
}

/** Registers both alert jobs. */
export function registerAlertJobs(jobs: JobRunner, delivery: DeliveryService): void {
  jobs.register(deliverAlertsJob, async () => {
    await delivery.deliverDue(new Date());
  });
  jobs.register(alertDigestJob, async () => {
    if ((await delivery.queueDigests(new Date())) > 0)
      await jobs.enqueue(deliverAlertsJob, {}, { singletonKey: 'deliver' });
  });
}

/** Keeps the schedules: deliveries every minute, the digest on its cron. */
export async function scheduleAlertJobs(jobs: JobRunner, digestCron: string): Promise<void> {
  await jobs.schedule(deliverAlertsJob, '* * * * *', {});
  await jobs.schedule(alertDigestJob, digestCron, {});
}
