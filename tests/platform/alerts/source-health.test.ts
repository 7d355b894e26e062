import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AlertService,
  createAlertService,
  createBreakerAlertHandler,
  createEvaluateSourcesHandler,
  createPagerDutyNotifier,
  evaluateSourceHealth,
  evaluateSourcesJob,
} from '../../../src/platform/alerts/index.js';
import { InvalidJobPayloadError } from '../../../src/platform/jobs/index.js';
import type { Platform } from '../../../src/platform/platform.js';
import { captureLogs, createTestPlatform } from '../../support/test-platform.js';
import { closeFakeServices, type FakeService, startFakePagerDuty } from './alert-servers.js';

type ParseStatus = 'pending' | 'parsed' | 'skipped' | 'failed';

describe('source health rules over raw_records', () => {
  let platform: Platform;
  let pagerDuty: FakeService;
  let alerts: AlertService;
  const logs = captureLogs();
  const now = new Date();
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
  let batch = 0;

  /** Inserts `count` raw records of one source, fetched and parsed at the given times. */
  async function insertRecords(
    source: string,
    count: number,
    status: ParseStatus,
    fetchedAt: Date,
    parsedAt?: Date,
  ) {
    batch += 1;
    await platform.db.query(
      `INSERT INTO raw_records (source_id, external_id, content_type, payload, content_hash, fetched_at,
                                parse_status, parsed_at)
       SELECT $1, $2::text || '-' || g, 'text/html', '<html><body>listing</body></html>',
              md5($2::text || g) || md5($2::text || g || 'x'), $3::timestamptz, $4,
              $5::timestamptz - g * interval '1 second'
       FROM generate_series(1, $6::int) AS g`,
      [source, `b${batch}`, fetchedAt, status, parsedAt ?? null, count],
    );
  }

  async function addSource(id: string, options: { enabled?: boolean; settings?: object; createdAt: Date }) {
    await platform.db.query(
      `INSERT INTO sources (id, name, channel, enabled, settings, created_at) VALUES ($1, $1, 'crawl', $2, $3::text::jsonb, $4)`,
      [id, options.enabled ?? true, JSON.stringify(options.settings ?? {}), options.createdAt],
    );
  }

  const events = () => pagerDuty.bodies().map((body) => `${body.event_action} ${body.dedup_key}`);
  const evaluate = (thresholds = {}) =>
    evaluateSourceHealth({ db: platform.db, alerts, now, thresholds, log: logs.log });

  beforeAll(async () => {
    platform = await createTestPlatform();
    pagerDuty = await startFakePagerDuty();
    alerts = createAlertService({
      db: platform.db,
      log: logs.log,
      notifiers: [
        createPagerDutyNotifier({ routingKey: 'test-routing-key', baseUrl: pagerDuty.origin, log: logs.log }),
      ],
    });
    // The seeded sources are as old as the schema; age them so that silence is judged, not forgiven.
    await platform.db.query('UPDATE sources SET created_at = $1', [minutesAgo(72 * 60)]);
    await platform.db.query(`UPDATE sources SET settings = settings || $2::text::jsonb WHERE id = $1`, [
      'linkedin',
      JSON.stringify({ silence_alert_hours: 48 }),
    ]);
    await platform.db.query(`UPDATE sources SET settings = settings || $2::text::jsonb WHERE id = $1`, [
      'csv',
      JSON.stringify({ silence_alert_hours: 0 }),
    ]);
  });
  afterAll(async () => {
    await closeFakeServices();
    await platform.close();
  });

  it('raises parse-failure and silence alerts from the rows, once', async () => {
    // craigslist: 10 of 30 recent parses failed (33%).
    await insertRecords('craigslist', 20, 'parsed', minutesAgo(5), minutesAgo(4));
    await insertRecords('craigslist', 10, 'failed', minutesAgo(5), minutesAgo(3));
    // zillow: 3 of 30 recent failures (10%); 30 failures two hours ago are outside the window.
    await insertRecords('zillow', 30, 'failed', minutesAgo(125), minutesAgo(120));
    await insertRecords('zillow', 27, 'parsed', minutesAgo(10), minutesAgo(9));
    await insertRecords('zillow', 3, 'failed', minutesAgo(10), minutesAgo(8));
    // fsbo: everything fails, but 10 outcomes are too few to judge; pending records are not outcomes.
    await insertRecords('fsbo', 10, 'failed', minutesAgo(5), minutesAgo(4));
    await insertRecords('fsbo', 30, 'pending', minutesAgo(5));
    // facebook_leadads: last record 30 h ago (threshold 24 h); linkedin the same, with its own 48 h.
    await insertRecords('facebook_leadads', 1, 'parsed', minutesAgo(30 * 60), minutesAgo(30 * 60));
    await insertRecords('linkedin', 1, 'parsed', minutesAgo(30 * 60), minutesAgo(30 * 60));
    // csv never delivered but its rule is off; a disabled source alerts on nothing; a bad setting falls back.
    await addSource('oldsite', { enabled: false, createdAt: minutesAgo(72 * 60) });
    await insertRecords('oldsite', 30, 'failed', minutesAgo(20), minutesAgo(15));
    await addSource('legacy', { settings: { silence_alert_hours: 'soon' }, createdAt: minutesAgo(72 * 60) });

    const expected = [
      'source:craigslist:parse_failures',
      'source:facebook_leadads:silent',
      'source:legacy:silent',
    ];
    expect((await evaluate()).firing).toEqual(expected);
    expect(events()).toEqual(expected.map((key) => `trigger ${key}`));
    expect(pagerDuty.bodies()[0]).toMatchObject({
      payload: {
        summary: 'Source craigslist: 33% of the last 30 records failed to parse',
        severity: 'warning',
        component: 'source:craigslist',
        custom_details: { failed: 10, total: 30 },
      },
    });
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ level: 'warn', source: 'legacy', setting: 'soon' }),
    );

    expect((await evaluate()).firing).toEqual(expected);
    expect(pagerDuty.received).toHaveLength(3);
    const { rows } = await platform.db.query<{ key: string; occurrences: number }>(
      `SELECT key, occurrences FROM alerts WHERE status = 'open' ORDER BY key`,
    );
    expect(rows).toEqual(expected.map((key) => ({ key, occurrences: 2 })));
  });

  it('resolves each alert once the source recovers', async () => {
    // craigslist: 80 more good parses bring failures to 10 of 110 (9%).
    await insertRecords('craigslist', 80, 'parsed', minutesAgo(2), minutesAgo(1));
    await insertRecords('facebook_leadads', 1, 'pending', minutesAgo(1));
    await platform.db.query(`UPDATE sources SET settings = '{"silence_alert_hours": 0}' WHERE id = 'legacy'`);

    expect((await evaluate()).firing).toEqual([]);
    expect(events().slice(3)).toEqual([
      'resolve source:craigslist:parse_failures',
      'resolve source:facebook_leadads:silent',
      'resolve source:legacy:silent',
    ]);
    expect((await evaluate()).firing).toEqual([]);
    expect(pagerDuty.received).toHaveLength(6);
  });

  it('judges only the latest outcomes when a sample size is set', async () => {
    await addSource('capsite', { createdAt: now });
    await insertRecords('capsite', 20, 'failed', minutesAgo(30), minutesAgo(20));
    await insertRecords('capsite', 25, 'parsed', minutesAgo(5), minutesAgo(4));
    expect((await evaluate({ parseSampleSize: 25 })).firing).not.toContain('source:capsite:parse_failures');
    expect((await evaluate()).firing).toContain('source:capsite:parse_failures');
    await alerts.resolve('source:capsite:parse_failures');
  });

  it('turns breaker changes into one alert and one resolve', async () => {
    const onBreakerChange = createBreakerAlertHandler({ alerts, log: logs.log });
    const before = pagerDuty.received.length;
    await onBreakerChange('zillow', 'open');
    await onBreakerChange('zillow', 'half_open');
    await onBreakerChange('zillow', 'open');
    await onBreakerChange('zillow', 'closed');
    await onBreakerChange('zillow', 'closed');
    expect(events().slice(before)).toEqual([
      'trigger source:zillow:breaker',
      'resolve source:zillow:breaker',
    ]);
  });

  it('keeps breaker callbacks from throwing when alerting itself fails', async () => {
    const { log, lines } = captureLogs();
    const broken: AlertService = {
      raise: () => Promise.reject(new Error('database unavailable')),
      resolve: () => Promise.reject(new Error('database unavailable')),
      listOpen: () => Promise.resolve([]),
    };
    await expect(
      createBreakerAlertHandler({ alerts: broken, log })('zillow', 'open'),
    ).resolves.toBeUndefined();
    expect(lines()).toMatchObject([
      { level: 'error', source: 'zillow', state: 'open', err: { message: 'database unavailable' } },
    ]);
  });

  it('runs as the alerts-evaluate-sources job', async () => {
    await addSource('jobsite', { createdAt: minutesAgo(48 * 60) });
    platform.jobs.register(
      evaluateSourcesJob,
      createEvaluateSourcesHandler({ db: platform.db, alerts, log: logs.log, clock: () => now }),
    );
    await platform.jobs.start({ work: true });
    await expect(platform.jobs.enqueue(evaluateSourcesJob, { extra: 1 } as object)).rejects.toBeInstanceOf(
      InvalidJobPayloadError,
    );
    await platform.jobs.enqueue(evaluateSourcesJob, {});
    const deadline = Date.now() + 15_000;
    while (!events().includes('trigger source:jobsite:silent')) {
      if (Date.now() > deadline) throw new Error('the job did not raise source:jobsite:silent');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { rows } = await platform.db.query(`SELECT status FROM alerts WHERE key = 'source:jobsite:silent'`);
    expect(rows).toEqual([{ status: 'open' }]);
  });
});
