import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AlertService,
  createAlertService,
  createPagerDutyNotifier,
  createSlackNotifier,
  DEFAULT_REMINDER_INTERVAL_MS,
  InvalidAlertError,
} from '../../../src/platform/alerts/index.js';
import type { Platform } from '../../../src/platform/platform.js';
import { captureLogs, createTestPlatform } from '../../support/test-platform.js';
import { closeFakeServices, type FakeService, startFakePagerDuty, startFakeSlack } from './alert-servers.js';

const ROUTING_KEY = 'R0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5';
const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

describe('alert service (state in the database)', () => {
  let platform: Platform;
  let pagerDuty: FakeService;
  let slack: FakeService;
  let now: Date;
  const logs = captureLogs();

  /** One "process": its own service and notifiers, sharing the database and the channels. */
  function makeService(reminderIntervalMs?: number | null): AlertService {
    return createAlertService({
      db: platform.db,
      log: logs.log,
      clock: () => now,
      reminderIntervalMs,
      notifiers: [
        createPagerDutyNotifier({
          routingKey: ROUTING_KEY,
          baseUrl: pagerDuty.origin,
          log: logs.log,
          retry: FAST_RETRY,
        }),
        createSlackNotifier({ webhookUrl: `${slack.origin}/hook`, log: logs.log, retry: FAST_RETRY }),
      ],
    });
  }

  const events = () => pagerDuty.bodies().map((body) => `${body.event_action} ${body.dedup_key}`);
  const row = async (key: string) =>
    (
      await platform.db.query<{
        status: string;
        occurrences: number;
        opened_at: Date;
        resolved_at: Date | null;
      }>('SELECT status, occurrences, opened_at, resolved_at FROM alerts WHERE key = $1', [key])
    ).rows[0];

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(() => platform.close());
  beforeEach(async () => {
    now = new Date('2025-03-01T10:00:00.000Z');
    pagerDuty = await startFakePagerDuty();
    slack = await startFakeSlack();
  });
  afterEach(closeFakeServices);

  it('notifies once per outage: raise ×3 → one trigger; resolve → one resolve; raise again → a new trigger', async () => {
    const alerts = makeService();
    const key = 'source:zillow:breaker';
    const raise = () => alerts.raise({ key, severity: 'error', summary: 'Zillow breaker open' });

    expect([await raise(), await raise(), await raise()]).toEqual(['opened', 'repeated', 'repeated']);
    expect(events()).toEqual([`trigger ${key}`]);
    expect(slack.received).toHaveLength(1);
    expect(await row(key)).toMatchObject({ status: 'open', occurrences: 3, resolved_at: null });

    now = new Date('2025-03-01T10:30:00.000Z');
    expect(await alerts.resolve(key)).toBe(true);
    expect(await alerts.resolve(key)).toBe(false);
    expect(events()).toEqual([`trigger ${key}`, `resolve ${key}`]);
    expect(slack.bodies().map((body) => body.text)).toEqual([
      ':red_circle: [ERROR] Zillow breaker open',
      ':white_check_mark: [RESOLVED] Zillow breaker open',
    ]);
    expect(await row(key)).toMatchObject({ status: 'resolved', resolved_at: now });

    now = new Date('2025-03-01T11:00:00.000Z');
    expect(await raise()).toBe('opened');
    expect(events()).toEqual([`trigger ${key}`, `resolve ${key}`, `trigger ${key}`]);
    expect(await row(key)).toMatchObject({
      status: 'open',
      occurrences: 1,
      opened_at: now,
      resolved_at: null,
    });
  });

  it('does nothing when resolving a key that was never raised', async () => {
    expect(await makeService().resolve('source:nowhere:silent')).toBe(false);
    expect(pagerDuty.received).toHaveLength(0);
    expect(slack.received).toHaveLength(0);
  });

  it('reminds about an alert still open after the reminder interval, and only then', async () => {
    const alerts = makeService();
    const key = 'source:fsbo:silent';
    const raise = () => alerts.raise({ key, severity: 'warning', summary: 'FSBO silent' });
    await raise();
    now = new Date(now.getTime() + DEFAULT_REMINDER_INTERVAL_MS - 1);
    expect(await raise()).toBe('repeated');
    now = new Date(now.getTime() + 1);
    expect(await raise()).toBe('reminded');
    expect(await raise()).toBe('repeated');
    expect(events()).toEqual([`trigger ${key}`, `trigger ${key}`]);
    expect(slack.bodies().map((body) => body.text)).toEqual([
      ':warning: [WARNING] FSBO silent',
      ':warning: [WARNING] still open: FSBO silent',
    ]);
    expect(pagerDuty.bodies()[1]).toMatchObject({ payload: { custom_details: { occurrences: 3 } } });
  });

  it('never reminds when the interval is null', async () => {
    const alerts = makeService(null);
    await alerts.raise({ key: 'source:csv:silent', severity: 'info', summary: 'CSV quiet' });
    now = new Date(now.getTime() + 30 * 24 * 3_600_000);
    expect(await alerts.raise({ key: 'source:csv:silent', severity: 'info', summary: 'CSV quiet' })).toBe(
      'repeated',
    );
    expect(pagerDuty.received).toHaveLength(1);
  });

  it('10 parallel raises of one key from two processes send one notification', async () => {
    const processes = [makeService(), makeService()];
    const key = 'source:craigslist:parse_failures';
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        processes[i % 2]!.raise({
          key,
          severity: 'warning',
          summary: 'Craigslist parse failures',
          details: { i },
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'opened')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'repeated')).toHaveLength(9);
    expect(events()).toEqual([`trigger ${key}`]);
    expect(slack.received).toHaveLength(1);
    expect(await row(key)).toMatchObject({ occurrences: 10 });

    const resolutions = await Promise.all(
      Array.from({ length: 10 }, (_, i) => processes[i % 2]!.resolve(key)),
    );
    expect(resolutions.filter(Boolean)).toHaveLength(1);
    expect(events()).toEqual([`trigger ${key}`, `resolve ${key}`]);
  });

  it('records the alert even when every channel is down, without throwing', async () => {
    const down = { status: 500, body: 'down' };
    pagerDuty.script(down, down, down);
    slack.script(down, down, down);
    const alerts = makeService();
    await expect(alerts.raise({ key: 'http:5xx', severity: 'critical', summary: '5xx spike' })).resolves.toBe(
      'opened',
    );
    expect(pagerDuty.received).toHaveLength(3);
    expect((await alerts.listOpen()).map((alert) => alert.key)).toContain('http:5xx');
    expect(
      logs.lines().filter((line) => line.alertKey === 'http:5xx' && line.level === 'error'),
    ).toHaveLength(2);
  });

  it('refuses keys and severities the table would not hold', async () => {
    const alerts = makeService();
    await expect(
      alerts.raise({ key: 'Source Zillow', severity: 'error', summary: 'x' }),
    ).rejects.toBeInstanceOf(InvalidAlertError);
    await expect(
      alerts.raise({ key: 'ok', severity: 'fatal' as 'error', summary: 'x' }),
    ).rejects.toBeInstanceOf(InvalidAlertError);
    expect(pagerDuty.received).toHaveLength(0);
  });
});
