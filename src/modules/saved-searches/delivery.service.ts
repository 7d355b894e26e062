import type { Queryable } from '../../platform/db/index.js';
import type { GuardedFetch } from '../../platform/fetch/index.js';
import type { Logger } from '../../platform/logger/index.js';
import {
  createOutboxRunner,
  type DeliveryCounts,
  outboxStore,
  type SendResult,
} from '../../platform/outbox/index.js';
import {
  ALERT_OUTBOX,
  type ClaimedDelivery,
  type DeliveryContext,
  insertDeliveries,
  loadDeliveryContext,
  type NewDelivery,
  takeDigestItems,
} from './delivery.repository.js';
import { isPermanentMailError, type Mailer } from './mailer.js';
import { renderEmail, SIGNATURE_HEADER, signBody, webhookPayload } from './messages.js';

export interface DeliveryDeps {
  db: Queryable;
  fetch: GuardedFetch;
  /** Null when SMTP_URL is not set: email deliveries are skipped and alerts stay in-app. */
  mailer: Mailer | null;
  log: Logger;
  /** Tries per delivery before it is marked failed. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to an hour. */
  retryBaseSeconds?: number;
  batchSize?: number;
}

/** Sends one webhook: JSON body signed with the search's secret, through the guarded client. */
async function sendWebhook(
  deps: DeliveryDeps,
  delivery: ClaimedDelivery,
  context: DeliveryContext,
  now: Date,
): Promise<SendResult> {
  const search = context.search;
  if (!search?.webhook_url || !search.webhook_secret)
    return { ok: false, retryable: false, skipped: true, error: 'webhook removed from the saved search' };
  if (!URL.canParse(search.webhook_url)) return { ok: false, retryable: false, error: 'invalid webhook URL' };
  const body = JSON.stringify(
    webhookPayload({
      deliveryId: delivery.id,
      kind: delivery.kind,
      search: { id: search.id, name: search.name },
      items: context.items,
      sentAt: now,
    }),
  );
  const result = await deps.fetch.fetch({
    url: search.webhook_url,
    // One breaker per receiving host: a customer's dead endpoint must not stop everyone's webhooks.
    source: `webhook:${new URL(search.webhook_url).host}`,
    kind: 'api',
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signBody(search.webhook_secret, body),
      'X-AIQLeads-Delivery': delivery.id,
    },
    body,
  });
  if (result.ok) {
    if (result.status >= 200 && result.status < 300)
      return { ok: true, httpStatus: result.status, retryable: false };
    return { ok: false, httpStatus: result.status, error: `HTTP ${result.status}`, retryable: false };
  }
  const status = result.status;
  const retryable =
    result.kind === 'ssrf' || result.kind === 'robots' || result.kind === 'too_large'
      ? false
      : status === undefined || status >= 500 || status === 429 || status === 408;
  return { ok: false, httpStatus: status, error: `${result.kind}: ${result.detail}`, retryable };
}

/** Sends one email to the account's address. */
async function sendEmail(
  deps: DeliveryDeps,
  delivery: ClaimedDelivery,
  context: DeliveryContext,
): Promise<SendResult> {
  if (!deps.mailer) return { ok: false, retryable: false, skipped: true, error: 'SMTP_URL is not set' };
  try {
    await deps.mailer.send({ to: context.email, ...renderEmail(delivery.kind, context.items) });
    return { ok: true, retryable: false };
  } catch (error) {
    return { ok: false, retryable: !isPermanentMailError(error), error: (error as Error).message };
  }
}

/** Delivers what is due in the outbox, and queues daily digests; both are what the alert jobs run. */
export function createDeliveryService(deps: DeliveryDeps) {
  async function send(delivery: ClaimedDelivery, now: Date): Promise<SendResult> {
    const context = await loadDeliveryContext(deps.db, delivery);
    if (context.items.length === 0)
      return { ok: false, retryable: false, skipped: true, error: 'nothing left to send' };
    return delivery.channel === 'webhook'
      ? sendWebhook(deps, delivery, context, now)
      : sendEmail(deps, delivery, context);
  }

  const outbox = createOutboxRunner({
    store: outboxStore<ClaimedDelivery>(deps.db, ALERT_OUTBOX),
    send,
    policy: { maxAttempts: deps.maxAttempts, baseSeconds: deps.retryBaseSeconds ?? 30, jitter: 'none' },
    batchSize: deps.batchSize,
    onFailed: (delivery, sent) =>
      deps.log.warn(
        { deliveryId: delivery.id, channel: delivery.channel, error: sent.error },
        'alert delivery failed',
      ),
  });

  return {
    /** Sends every due delivery (in batches) and returns how each ended up. */
    async deliverDue(now: Date = new Date()): Promise<DeliveryCounts> {
      return outbox.deliverDue(now);
    },

    /**
     * Gathers every daily notification not yet digested into one email per user (for the searches with
     * email on) and one webhook call per search with a webhook; returns how many messages were queued.
     */
    async queueDigests(now: Date = new Date()): Promise<number> {
      return deps.db.transaction(async (tx) => {
        const items = await takeDigestItems(tx, now);
        const emails = new Map<string, string[]>();
        const hooks = new Map<string, { user_id: string; ids: string[] }>();
        for (const item of items) {
          if (item.email_enabled) emails.set(item.user_id, [...(emails.get(item.user_id) ?? []), item.id]);
          if (item.has_webhook) {
            const hook = hooks.get(item.saved_search_id) ?? { user_id: item.user_id, ids: [] };
            hook.ids.push(item.id);
            hooks.set(item.saved_search_id, hook);
          }
        }
        const deliveries: NewDelivery[] = [
          ...[...emails].map(([userId, ids]) => ({
            user_id: userId,
            saved_search_id: null,
            channel: 'email' as const,
            kind: 'digest' as const,
            notification_ids: ids,
          })),
          ...[...hooks].map(([searchId, hook]) => ({
            user_id: hook.user_id,
            saved_search_id: searchId,
            channel: 'webhook' as const,
            kind: 'digest' as const,
            notification_ids: hook.ids,
          })),
        ];
        await insertDeliveries(tx, deliveries, now);
        return deliveries.length;
      });
    },
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
