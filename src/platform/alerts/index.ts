export {
  type AlertService,
  type AlertServiceOptions,
  createAlertService,
  DEFAULT_REMINDER_INTERVAL_MS,
  InvalidAlertError,
  type RaiseOutcome,
} from './alert.service.js';
export type { Alert, AlertInput, AlertNotifier, AlertSeverity } from './alert.types.js';
export { ALERT_SEVERITIES } from './alert.types.js';
export {
  createEvaluateSourcesHandler,
  type EvaluateSourcesHandlerOptions,
  evaluateSourcesJob,
} from './alerts.jobs.js';
export {
  createUndiciSend,
  DEFAULT_RETRY,
  type HttpReply,
  type HttpRequestInit,
  type HttpSend,
  type RetryOptions,
} from './http-delivery.js';
export { type AlertChannelSettings, createAlertNotifiers, createLogNotifier } from './notifiers.js';
export {
  createPagerDutyNotifier,
  PAGERDUTY_EVENTS_URL,
  type PagerDutyEvent,
  type PagerDutyNotifierOptions,
  pagerDutyEvent,
} from './pagerduty.notifier.js';
export { createSlackNotifier, type SlackNotifierOptions, slackMessage } from './slack.notifier.js';
export {
  applyDecision,
  type BreakerChangeHandler,
  createBreakerAlertHandler,
  type EvaluateSourceHealthOptions,
  evaluateSourceHealth,
} from './source-health.js';
export {
  type BreakerState,
  breakerRule,
  DEFAULT_SOURCE_THRESHOLDS,
  type ParseSample,
  parseFailureRule,
  type RuleDecision,
  type SourceActivity,
  type SourceHealthThresholds,
  silenceHoursFor,
  silenceRule,
  sourceAlertKeys,
} from './source-rules.js';
