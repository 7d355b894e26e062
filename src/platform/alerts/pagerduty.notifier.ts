import type { Logger } from '../logger/index.js';
import { type Alert, type AlertNotifier, componentOf } from './alert.types.js';
import {
  createUndiciSend,
  DEFAULT_RETRY,
  deliverJson,
  type HttpSend,
  type RetryOptions,
} from './http-delivery.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com';

export interface PagerDutyNotifierOptions {
  /** The integration key of an Events API v2 integration (a secret: it is never logged). */
  routingKey: string;
  log: Logger;
  /** Origin of the Events API; tests point it at a local server. */
  baseUrl?: string;
  /** `payload.source`: which system is reporting. */
  source?: string;
  send?: HttpSend;
  retry?: Partial<RetryOptions>;
}

// Events API v2 limits: summary 1,024 characters, dedup_key 255.
const MAX_SUMMARY = 1_024;

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: Alert['severity'];
    timestamp: string;
    component: string;
    custom_details: Record<string, unknown>;
  };
}

/**
 * The Events API v2 body for an alert. The alert key is the dedup_key, so PagerDuty folds repeats and
 * reminders into the incident it already has and a resolve closes exactly that incident. A resolve
 * needs no payload.
 */
export function pagerDutyEvent(alert: Alert, routingKey: string, source = 'aiqleads'): PagerDutyEvent {
  if (alert.status === 'resolved') {
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: alert.key };
  }
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: alert.key,
    payload: {
      summary: alert.summary.slice(0, MAX_SUMMARY),
      source,
      severity: alert.severity,
      timestamp: alert.at.toISOString(),
      component: componentOf(alert.key),
      custom_details: {
        ...alert.details,
        occurrences: alert.occurrences,
        opened_at: alert.openedAt.toISOString(),
      },
    },
  };
}

/** Sends alerts to PagerDuty's Events API v2 (`POST /v2/enqueue`, 202 Accepted on success). */
export function createPagerDutyNotifier(options: PagerDutyNotifierOptions): AlertNotifier {
  const send = options.send ?? createUndiciSend();
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const url = `${(options.baseUrl ?? PAGERDUTY_EVENTS_URL).replace(/\/+$/, '')}/v2/enqueue`;
  return {
    name: 'pagerduty',
    async send(alert) {
      await deliverJson({
        send,
        url,
        payload: pagerDutyEvent(alert, options.routingKey, options.source),
        retry,
        log: options.log,
        context: { notifier: 'pagerduty', alertKey: alert.key },
      });
    },
  };
}
