import type { Logger } from '../logger/index.js';
import type { Alert, AlertNotifier } from './alert.types.js';
import type { HttpSend, RetryOptions } from './http-delivery.js';
import { createPagerDutyNotifier } from './pagerduty.notifier.js';
import { createSlackNotifier } from './slack.notifier.js';

/** Writes one log line per alert: warn while open, info when resolved. */
export function createLogNotifier(log: Logger): AlertNotifier {
  return {
    name: 'log',
    async send(alert: Alert) {
      const line = {
        alert: {
          key: alert.key,
          severity: alert.severity,
          status: alert.status,
          occurrences: alert.occurrences,
          openedAt: alert.openedAt.toISOString(),
          resolvedAt: alert.resolvedAt?.toISOString() ?? null,
          reminder: alert.reminder,
          details: alert.details,
        },
      };
      if (alert.status === 'resolved') log.info(line, `alert resolved: ${alert.summary}`);
      else log.warn(line, `${alert.reminder ? 'alert still open' : 'alert raised'}: ${alert.summary}`);
    },
  };
}

export interface AlertChannelSettings {
  slackWebhookUrl?: string | undefined;
  pagerDutyRoutingKey?: string | undefined;
  /** Events API origin; PagerDuty's own by default (EU accounts use https://events.eu.pagerduty.com). */
  pagerDutyBaseUrl?: string | undefined;
  log: Logger;
  send?: HttpSend;
  retry?: Partial<RetryOptions>;
}

/** The notifiers the settings configure; the log notifier alone when none is, so alerts are never lost. */
export function createAlertNotifiers(settings: AlertChannelSettings): AlertNotifier[] {
  const { log, send, retry } = settings;
  const notifiers: AlertNotifier[] = [];
  if (settings.slackWebhookUrl) {
    notifiers.push(createSlackNotifier({ webhookUrl: settings.slackWebhookUrl, log, send, retry }));
  }
  if (settings.pagerDutyRoutingKey) {
    notifiers.push(
      createPagerDutyNotifier({
        routingKey: settings.pagerDutyRoutingKey,
        baseUrl: settings.pagerDutyBaseUrl,
        log,
        send,
        retry,
      }),
    );
  }
  return notifiers.length > 0 ? notifiers : [createLogNotifier(log)];
}
