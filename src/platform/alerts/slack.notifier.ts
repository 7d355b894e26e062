import type { Logger } from '../logger/index.js';
import type { Alert, AlertNotifier, AlertSeverity } from './alert.types.js';
import {
  createUndiciSend,
  DEFAULT_RETRY,
  deliverJson,
  type HttpSend,
  type RetryOptions,
} from './http-delivery.js';

export interface SlackNotifierOptions {
  /** The incoming-webhook URL Slack gave for the channel (a secret: it is never logged). */
  webhookUrl: string;
  log: Logger;
  send?: HttpSend;
  retry?: Partial<RetryOptions>;
}

const EMOJI: Record<AlertSeverity, string> = {
  critical: ':rotating_light:',
  error: ':red_circle:',
  warning: ':warning:',
  info: ':information_source:',
};

// Slack limits: 3,000 characters per text object, 10 fields per section, 2,000 per field.
const MAX_TEXT = 2_900;
const MAX_FIELDS = 10;
const MAX_FIELD = 200;

/** Slack mrkdwn treats these three as control characters; everything else is shown as written. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function headline(alert: Alert): string {
  const level = alert.severity.toUpperCase();
  if (alert.status === 'resolved') return `:white_check_mark: [RESOLVED] ${alert.summary}`;
  if (alert.reminder) return `${EMOJI[alert.severity]} [${level}] still open: ${alert.summary}`;
  return `${EMOJI[alert.severity]} [${level}] ${alert.summary}`;
}

function detailFields(details: Record<string, unknown>) {
  return Object.entries(details)
    .slice(0, MAX_FIELDS)
    .map(([name, value]) => ({
      type: 'mrkdwn',
      text: clip(
        `*${escapeMrkdwn(name)}*\n${escapeMrkdwn(typeof value === 'string' ? value : JSON.stringify(value))}`,
        MAX_FIELD,
      ),
    }));
}

function footer(alert: Alert): string {
  const parts = [`key \`${escapeMrkdwn(alert.key)}\``, `opened ${alert.openedAt.toISOString()}`];
  if (alert.status === 'resolved' && alert.resolvedAt)
    parts.push(`resolved ${alert.resolvedAt.toISOString()}`);
  parts.push(`${alert.occurrences} occurrence${alert.occurrences === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** The incoming-webhook message for an alert: plain `text` (notifications, fallback) plus Block Kit blocks. */
export function slackMessage(alert: Alert): { text: string; blocks: Record<string, unknown>[] } {
  // Slack reads the top-level text as mrkdwn too, so both are escaped.
  const text = escapeMrkdwn(clip(headline(alert), MAX_TEXT));
  const blocks: Record<string, unknown>[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  const fields = detailFields(alert.details);
  if (alert.status === 'open' && fields.length > 0) blocks.push({ type: 'section', fields });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: footer(alert) }] });
  return { text, blocks };
}

/** Posts alerts to a Slack channel through an incoming webhook. */
export function createSlackNotifier(options: SlackNotifierOptions): AlertNotifier {
  const send = options.send ?? createUndiciSend();
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  return {
    name: 'slack',
    async send(alert) {
      await deliverJson({
        send,
        url: options.webhookUrl,
        payload: slackMessage(alert),
        retry,
        log: options.log,
        context: { notifier: 'slack', alertKey: alert.key },
      });
    },
  };
}
