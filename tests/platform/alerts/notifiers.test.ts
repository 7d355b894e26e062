import { afterEach, describe, expect, it } from 'vitest';
import {
  type Alert,
  createAlertNotifiers,
  createLogNotifier,
  createPagerDutyNotifier,
  createSlackNotifier,
  slackMessage,
} from '../../../src/platform/alerts/index.js';
import { captureLogs } from '../../support/test-platform.js';
import {
  closedPortUrl,
  closeFakeServices,
  PAGERDUTY_INVALID_EVENT,
  startFakePagerDuty,
  startFakeSlack,
} from './alert-servers.js';

afterEach(closeFakeServices);

const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const ROUTING_KEY = 'R0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5';
const SUMMARY = 'Source craigslist: circuit breaker open, fetching is paused';

const opened: Alert = {
  key: 'source:craigslist:breaker',
  severity: 'error',
  summary: SUMMARY,
  details: { source: 'craigslist', breaker: 'open' },
  status: 'open',
  occurrences: 1,
  openedAt: new Date('2025-03-01T10:00:00.000Z'),
  resolvedAt: null,
  at: new Date('2025-03-01T10:00:00.000Z'),
  reminder: false,
};
const resolved: Alert = {
  ...opened,
  status: 'resolved',
  occurrences: 3,
  resolvedAt: new Date('2025-03-01T10:20:00.000Z'),
  at: new Date('2025-03-01T10:20:00.000Z'),
};

describe('Slack incoming-webhook notifier', () => {
  it('posts the documented { text, blocks } message for an open and a resolved alert', async () => {
    const slack = await startFakeSlack();
    const { log } = captureLogs();
    const notifier = createSlackNotifier({ webhookUrl: `${slack.origin}/services/T000/B000/XXXX`, log });
    await notifier.send(opened);
    await notifier.send(resolved);

    expect(slack.received.map((r) => [r.method, r.path, r.contentType])).toEqual([
      ['POST', '/services/T000/B000/XXXX', 'application/json'],
      ['POST', '/services/T000/B000/XXXX', 'application/json'],
    ]);
    const headline = `:red_circle: [ERROR] ${SUMMARY}`;
    const done = `:white_check_mark: [RESOLVED] ${SUMMARY}`;
    expect(slack.bodies()).toEqual([
      {
        text: headline,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: headline } },
          {
            type: 'section',
            fields: [
              { type: 'mrkdwn', text: '*source*\ncraigslist' },
              { type: 'mrkdwn', text: '*breaker*\nopen' },
            ],
          },
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text: 'key `source:craigslist:breaker` · opened 2025-03-01T10:00:00.000Z · 1 occurrence',
              },
            ],
          },
        ],
      },
      {
        text: done,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: done } },
          {
            type: 'context',
            elements: [
              {
                type: 'mrkdwn',
                text:
                  'key `source:craigslist:breaker` · opened 2025-03-01T10:00:00.000Z · ' +
                  'resolved 2025-03-01T10:20:00.000Z · 3 occurrences',
              },
            ],
          },
        ],
      },
    ]);
  });

  it("escapes Slack's control characters and marks reminders", () => {
    const message = slackMessage({
      ...opened,
      summary: 'ratio > 20% & <rising>',
      reminder: true,
      occurrences: 7,
    });
    expect(message.text).toBe(':red_circle: [ERROR] still open: ratio &gt; 20% &amp; &lt;rising&gt;');
  });

  it('retries after a 500 and stops at the first success', async () => {
    const slack = await startFakeSlack();
    slack.script({ status: 500, body: 'internal_error' });
    const { log, lines } = captureLogs();
    await createSlackNotifier({ webhookUrl: `${slack.origin}/hook`, log, retry: FAST_RETRY }).send(opened);
    expect(slack.received).toHaveLength(2);
    expect(slack.bodies()[0]).toEqual(slack.bodies()[1]);
    expect(lines().filter((line) => line.level === 'error')).toEqual([]);
  });

  it('gives up after its attempts, logs without the secret URL, and does not throw', async () => {
    const slack = await startFakeSlack();
    const failing = { status: 503, body: 'service unavailable' };
    slack.script(failing, failing, failing, failing);
    const { log, lines } = captureLogs();
    const webhookUrl = `${slack.origin}/services/T000/B000/SECRETTOKEN`;
    await expect(
      createSlackNotifier({ webhookUrl, log, retry: FAST_RETRY }).send(opened),
    ).resolves.toBeUndefined();
    expect(slack.received).toHaveLength(3);
    const errors = lines().filter((line) => line.level === 'error');
    expect(errors).toMatchObject([
      { msg: 'alert notification failed after retries', notifier: 'slack', status: 503, attempts: 3 },
    ]);
    expect(JSON.stringify(lines())).not.toContain('SECRETTOKEN');
  });

  it('logs a network failure after retrying, without throwing', async () => {
    const { log, lines } = captureLogs();
    const notifier = createSlackNotifier({
      webhookUrl: `${await closedPortUrl()}/hook`,
      log,
      retry: FAST_RETRY,
    });
    await expect(notifier.send(opened)).resolves.toBeUndefined();
    const [error] = lines().filter((line) => line.level === 'error');
    expect(error).toMatchObject({ notifier: 'slack', alertKey: opened.key, attempts: 3 });
    expect(error?.err).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('PagerDuty Events API v2 notifier', () => {
  it('sends trigger and resolve events with the alert key as dedup_key', async () => {
    const pagerDuty = await startFakePagerDuty();
    const { log } = captureLogs();
    const notifier = createPagerDutyNotifier({ routingKey: ROUTING_KEY, baseUrl: pagerDuty.origin, log });
    await notifier.send(opened);
    await notifier.send(resolved);

    expect(pagerDuty.received.map((r) => [r.method, r.path, r.contentType])).toEqual([
      ['POST', '/v2/enqueue', 'application/json'],
      ['POST', '/v2/enqueue', 'application/json'],
    ]);
    expect(pagerDuty.bodies()).toEqual([
      {
        routing_key: ROUTING_KEY,
        event_action: 'trigger',
        dedup_key: 'source:craigslist:breaker',
        payload: {
          summary: SUMMARY,
          source: 'aiqleads',
          severity: 'error',
          timestamp: '2025-03-01T10:00:00.000Z',
          component: 'source:craigslist',
          custom_details: {
            source: 'craigslist',
            breaker: 'open',
            occurrences: 1,
            opened_at: '2025-03-01T10:00:00.000Z',
          },
        },
      },
      { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'source:craigslist:breaker' },
    ]);
  });

  it('retries a 500 and succeeds on the 202 that follows', async () => {
    const pagerDuty = await startFakePagerDuty();
    pagerDuty.script({ status: 500, body: '{"status":"error"}' });
    const { log, lines } = captureLogs();
    const notifier = createPagerDutyNotifier({
      routingKey: ROUTING_KEY,
      baseUrl: pagerDuty.origin,
      log,
      retry: FAST_RETRY,
    });
    await notifier.send(opened);
    expect(pagerDuty.bodies().map((body) => body.event_action)).toEqual(['trigger', 'trigger']);
    expect(lines().filter((line) => line.level === 'error')).toEqual([]);
  });

  it('does not repeat an event PagerDuty refused as invalid, and logs its reason without the key', async () => {
    const pagerDuty = await startFakePagerDuty();
    pagerDuty.script(PAGERDUTY_INVALID_EVENT);
    const { log, lines } = captureLogs();
    const notifier = createPagerDutyNotifier({
      routingKey: ROUTING_KEY,
      baseUrl: `${pagerDuty.origin}/`,
      log,
      retry: FAST_RETRY,
    });
    await expect(notifier.send(opened)).resolves.toBeUndefined();
    expect(pagerDuty.received).toHaveLength(1);
    const [error] = lines().filter((line) => line.level === 'error');
    expect(error).toMatchObject({ msg: 'alert notification refused', notifier: 'pagerduty', status: 400 });
    expect(String(error?.body)).toContain('Event object is invalid');
    expect(JSON.stringify(lines())).not.toContain(ROUTING_KEY);
  });
});

describe('log notifier and channel selection', () => {
  it('writes a warn line while open and an info line when resolved', async () => {
    const { log, lines } = captureLogs();
    const notifier = createLogNotifier(log);
    await notifier.send(opened);
    await notifier.send(resolved);
    expect(lines()).toMatchObject([
      {
        level: 'warn',
        msg: `alert raised: ${SUMMARY}`,
        alert: { key: opened.key, severity: 'error', status: 'open', occurrences: 1 },
      },
      {
        level: 'info',
        msg: `alert resolved: ${SUMMARY}`,
        alert: { key: opened.key, status: 'resolved', resolvedAt: '2025-03-01T10:20:00.000Z' },
      },
    ]);
  });

  it('falls back to the log when no channel is configured', () => {
    const { log } = captureLogs();
    expect(createAlertNotifiers({ log }).map((n) => n.name)).toEqual(['log']);
    expect(
      createAlertNotifiers({
        log,
        slackWebhookUrl: 'https://hooks.slack.com/x',
        pagerDutyRoutingKey: ROUTING_KEY,
      }).map((n) => n.name),
    ).toEqual(['slack', 'pagerduty']);
  });
});
