import { Type } from 'typebox';
import { defineJob, type JobRunner } from '../../platform/jobs/index.js';
import { type RefundBadLeadsDeps, refundBadLeads } from './refunds.service.js';

/**
 * Refunds the buyers of leads found bad after the sale (fraud confirmed, merged as a duplicate). A sweep
 * over lead state rather than a hook in each path that changes a lead, so no path can forget it.
 */
export const refundBadLeadsJob = defineJob({
  name: 'marketplace-refund-bad-leads',
  payload: Type.Object({}, { additionalProperties: false }),
  retryLimit: 1,
  retryDelaySeconds: 60,
  expireInSeconds: 15 * 60,
  concurrency: 1,
  policy: 'stately',
});

/** Every two minutes: a buyer is refunded soon after their lead is found bad. */
export const REFUND_BAD_LEADS_CRON = '*/2 * * * *';

export function registerRefundJobs(jobs: JobRunner, deps: RefundBadLeadsDeps): void {
  jobs.register(refundBadLeadsJob, async () => {
    const refunded = await refundBadLeads(deps);
    if (refunded.length > 0) deps.log?.info({ refunded: refunded.length }, 'bad-lead purchases refunded');
  });
}

export async function scheduleRefundJobs(jobs: JobRunner): Promise<void> {
  await jobs.schedule(refundBadLeadsJob, REFUND_BAD_LEADS_CRON, {});
}
