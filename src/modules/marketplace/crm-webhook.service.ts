import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../platform/db/index.js';
import { compileAllowList, type GuardedFetch, nonPublicReason, parseIp } from '../../platform/fetch/index.js';
import { postSignedToCrm } from './crm-delivery.service.js';
import { CrmWebhookNotFoundError, CrmWebhookUrlRefusedError } from './crm-webhook.errors.js';
import {
  type CrmWebhookRow,
  deleteCrmWebhook,
  findCrmWebhook,
  listCrmDeliveries,
  upsertCrmWebhook,
} from './crm-webhook.repository.js';
import type { CrmDeliveryList, CrmPingResult, CrmWebhookView, PutCrmWebhook } from './crm-webhook.schemas.js';

/**
 * Why a CRM URL can never be delivered to, or null. Only what the text itself shows: a host name is
 * resolved and judged by the guarded client at every send (DNS can change after configuration).
 */
export function crmUrlProblem(url: string, allowPrivateHosts: string[]): string | null {
  if (!URL.canParse(url)) return 'not a valid URL';
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'only http and https are allowed';
  if (parsed.username || parsed.password) return 'credentials in the URL are not allowed (use the secret)';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const allowed = compileAllowList(allowPrivateHosts);
  if (parseIp(host)) {
    const reason = nonPublicReason(host);
    return reason && !allowed(host, host) ? `${host} is not a public address (${reason})` : null;
  }
  const lower = host.toLowerCase().replace(/\.$/, '');
  if ((lower === 'localhost' || lower.endsWith('.localhost')) && !allowed(lower, '127.0.0.1'))
    return `${host} is a loopback name`;
  return null;
}

const view = (row: CrmWebhookRow): CrmWebhookView => ({
  url: row.url,
  enabled: row.enabled,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** A buyer's CRM webhook: configuration, the delivery log, and a signed test ping. */
export function createCrmWebhookService(deps: {
  db: Queryable;
  fetch: GuardedFetch;
  /** config FETCH_ALLOW_PRIVATE_HOSTS, so configuration agrees with what the guarded client allows. */
  allowPrivateHosts: string[];
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());

  async function hookOf(userId: string): Promise<CrmWebhookRow> {
    const hook = await findCrmWebhook(deps.db, userId);
    if (!hook) throw new CrmWebhookNotFoundError();
    return hook;
  }

  return {
    async get(userId: string): Promise<CrmWebhookView> {
      return view(await hookOf(userId));
    },

    /** Sets (or replaces) the URL and secret; purchases from now on are pushed there. */
    async put(userId: string, input: PutCrmWebhook): Promise<CrmWebhookView> {
      const problem = crmUrlProblem(input.url, deps.allowPrivateHosts);
      if (problem) throw new CrmWebhookUrlRefusedError(problem);
      return view(
        await upsertCrmWebhook(
          deps.db,
          { userId, url: input.url, secret: input.secret, enabled: input.enabled ?? true },
          now(),
        ),
      );
    },

    async remove(userId: string): Promise<void> {
      if (!(await deleteCrmWebhook(deps.db, userId, now()))) throw new CrmWebhookNotFoundError();
    },

    /** The caller's deliveries, newest first, with every attempt. */
    async deliveries(
      userId: string,
      query: { status?: string; cursor?: string; limit: number },
    ): Promise<CrmDeliveryList> {
      const rows = await listCrmDeliveries(deps.db, userId, {
        beforeId: query.cursor ?? null,
        limit: query.limit + 1,
        status: query.status ?? null,
      });
      const page = rows.slice(0, query.limit);
      return {
        items: page.map((row) => ({
          event_id: row.event_id,
          event: row.event as CrmDeliveryList['items'][number]['event'],
          purchase_id: row.purchase_id,
          lead_id: row.lead_id,
          status: row.status,
          attempts: row.attempts,
          next_attempt_at: row.status === 'pending' ? iso(row.next_attempt_at) : null,
          last_http_status: row.last_status,
          last_error: row.last_error,
          created_at: row.created_at.toISOString(),
          delivered_at: iso(row.delivered_at),
          attempt_log: row.attempt_log.map((attempt) => ({
            ...attempt,
            attempted_at: new Date(attempt.attempted_at).toISOString(),
          })),
        })),
        next_cursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    /** Sends a signed `ping` (no purchase data) and says what the CRM answered; not retried, not logged. */
    async ping(userId: string): Promise<CrmPingResult> {
      const hook = await hookOf(userId);
      const sentAt = now();
      const eventId = randomUUID();
      const body = JSON.stringify({ id: eventId, event: 'ping', sent_at: sentAt.toISOString() });
      const result = await postSignedToCrm(deps.fetch, {
        url: hook.url,
        secret: hook.secret,
        body,
        event: 'ping',
        eventId,
        sentAt,
      });
      return {
        event_id: eventId,
        ok: result.ok,
        http_status: result.httpStatus ?? null,
        error: result.error ?? null,
        duration_ms: result.durationMs,
      };
    },
  };
}

export type CrmWebhookService = ReturnType<typeof createCrmWebhookService>;
