import type { Queryable } from '../../platform/db/index.js';
import type { GuardedFetch } from '../../platform/fetch/index.js';
import type { Logger } from '../../platform/logger/index.js';
import {
  createOutboxRunner,
  type DeliveryCounts,
  outboxStore,
  type SendResult,
} from '../../platform/outbox/index.js';
import { SIGNATURE_HEADER, signBody } from '../saved-searches/index.js';
import { type ClaimedCrmDelivery, CRM_OUTBOX, insertMissedCrmDeliveries } from './crm-delivery.repository.js';
import { findCrmWebhook } from './crm-webhook.repository.js';
import { loadPurchaseViews } from './purchase-view.js';

// Headers every CRM request carries besides the signature (same header and format as saved-search
// webhooks: `sha256=<hex HMAC of the raw body>`). The timestamp is also `sent_at` in the signed body, so a
// receiver can refuse replays by checking the signed copy.
export const CRM_EVENT_HEADER = 'X-AIQLeads-Event';
export const CRM_EVENT_ID_HEADER = 'X-AIQLeads-Event-Id';
export const CRM_TIMESTAMP_HEADER = 'X-AIQLeads-Timestamp';

/** What one signed POST to a CRM came to; not retryable only when the URL itself is refused. */
export interface CrmSendResult extends SendResult {
  durationMs: number;
}

/** POSTs `body` to the buyer's URL through the guarded client, signed with the buyer's secret. */
export async function postSignedToCrm(
  fetch: GuardedFetch,
  input: { url: string; secret: string; body: string; event: string; eventId: string; sentAt: Date },
): Promise<CrmSendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (!URL.canParse(input.url))
    return { ok: false, retryable: false, error: 'invalid webhook URL', durationMs: 0 };
  const result = await fetch.fetch({
    url: input.url,
    // One breaker per receiving host: one buyer's dead CRM must not stop everyone else's deliveries.
    source: `crm:${new URL(input.url).host}`,
    kind: 'api',
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signBody(input.secret, input.body),
      [CRM_EVENT_HEADER]: input.event,
      [CRM_EVENT_ID_HEADER]: input.eventId,
      [CRM_TIMESTAMP_HEADER]: String(Math.floor(input.sentAt.getTime() / 1000)),
    },
    body: input.body,
  });
  if (result.ok) return { ok: true, httpStatus: result.status, retryable: false, durationMs: elapsed() };
  if (result.kind === 'ssrf') {
    // The guard's detail names the address a host resolves to: keep that in our logs, not the buyer's.
    return {
      ok: false,
      retryable: false,
      error: 'refused: the URL is not a public http(s) address',
      durationMs: elapsed(),
    };
  }
  return {
    ok: false,
    httpStatus: result.status,
    error: result.kind === 'http' ? `HTTP ${result.status}` : `${result.kind}: ${result.detail}`,
    retryable: true,
    retryAfterMs: result.retryAfterMs,
    durationMs: elapsed(),
  };
}

export interface CrmDeliveryDeps {
  db: Queryable;
  fetch: GuardedFetch;
  log: Logger;
  /** Tries per delivery before it is marked failed (config CRM_DELIVERY_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Days a buyer may dispute (config DISPUTE_WINDOW_DAYS), for the purchase's dispute_deadline. */
  disputeWindowDays: number;
  /** First retry delay before jitter; doubles per attempt up to an hour (default 60 s). */
  retryBaseSeconds?: number;
  batchSize?: number;
  /** Sends at once per run: a slow CRM holds one lane, not the whole batch. */
  concurrency?: number;
  /** [0, 1); tests pin it. */
  random?: () => number;
}

// How far back the sweep looks for events a post-commit hook failed to queue.
const SWEEP_LOOKBACK_HOURS = 24;

/** The JSON a CRM receives for one event: the purchase with its full contact (the buyer's own data). */
export function crmPayload(input: {
  delivery: Pick<ClaimedCrmDelivery, 'event_id' | 'event' | 'attempts' | 'created_at'>;
  purchase: unknown;
  sentAt: Date;
}) {
  return {
    id: input.delivery.event_id,
    event: input.delivery.event,
    occurred_at: input.delivery.created_at.toISOString(),
    sent_at: input.sentAt.toISOString(),
    attempt: input.delivery.attempts,
    purchase: input.purchase,
  };
}

/** Works the CRM outbox: sends due deliveries, retries failures with backoff, logs every attempt. */
export function createCrmDeliveryService(deps: CrmDeliveryDeps) {
  async function send(delivery: ClaimedCrmDelivery, now: Date): Promise<SendResult> {
    const hook = await findCrmWebhook(deps.db, delivery.buyer_id);
    if (!hook?.enabled)
      return { ok: false, retryable: false, skipped: true, error: 'CRM webhook removed or disabled' };
    // The purchase as it is now (a refund or a suppressed contact shows), as GET /v1/purchases/{id} has it.
    const [purchase] = await loadPurchaseViews(deps.db, delivery.buyer_id, [delivery.purchase_id], {
      now,
      disputeWindowDays: deps.disputeWindowDays,
      passport: false,
    });
    if (!purchase) return { ok: false, retryable: false, skipped: true, error: 'purchase not found' };
    const body = JSON.stringify(crmPayload({ delivery, purchase, sentAt: now }));
    return postSignedToCrm(deps.fetch, {
      url: hook.url,
      secret: hook.secret,
      body,
      event: delivery.event,
      eventId: delivery.event_id,
      sentAt: now,
    });
  }

  const outbox = createOutboxRunner({
    store: outboxStore<ClaimedCrmDelivery>(deps.db, CRM_OUTBOX),
    send,
    // Equal jitter: retries of many deliveries that failed together (a CRM outage) spread out.
    policy: {
      maxAttempts: deps.maxAttempts,
      baseSeconds: deps.retryBaseSeconds ?? 60,
      jitter: 'equal',
      random: deps.random,
    },
    batchSize: deps.batchSize,
    concurrency: deps.concurrency ?? 4,
    onFailed: (delivery, sent) =>
      deps.log.warn(
        {
          eventId: delivery.event_id,
          buyerId: delivery.buyer_id,
          attempts: delivery.attempts,
          error: sent.error,
        },
        'CRM delivery failed',
      ),
  });

  return {
    /** Queues purchase events of the last day that a hook missed (see insertMissedCrmDeliveries). */
    async sweepMissed(now: Date = new Date()): Promise<number> {
      return insertMissedCrmDeliveries(deps.db, now, SWEEP_LOOKBACK_HOURS);
    },

    /**
     * Sends every delivery due at `now` (in batches) and returns how each ended up. Without `now`, each
     * send is stamped with the clock as it happens (a long run must not sign stale timestamps).
     */
    async deliverDue(now?: Date): Promise<DeliveryCounts> {
      return outbox.deliverDue(now);
    },
  };
}

export type CrmDeliveryService = ReturnType<typeof createCrmDeliveryService>;
