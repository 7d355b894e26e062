import type { Redis } from 'ioredis';
import { type Config, listSetting } from '../config.js';
import {
  type AlertService,
  type BreakerChangeHandler,
  createAlertNotifiers,
  createAlertService,
  createBreakerAlertHandler,
  type HttpSend,
} from './alerts/index.js';
import {
  type Cache,
  connectRedis,
  createMemoryCache,
  createRateLimiterFactory,
  createRedisCache,
  type RateLimiterFactory,
} from './cache/index.js';
import { type Database, type MigrationFile, migrate, openDatabase, readMigrations } from './db/index.js';
import { createGuardedFetch, type GuardedFetch } from './fetch/index.js';
import { createPgBossRunner, type JobRunner } from './jobs/index.js';
import type { Logger } from './logger/index.js';
import { createMetrics, type Metrics } from './metrics/index.js';

/** The infrastructure every module is built from; one per process. */
export interface Platform {
  config: Config;
  log: Logger;
  db: Database;
  jobs: JobRunner;
  cache: Cache;
  limits: RateLimiterFactory;
  metrics: Metrics;
  /** The one guarded client for every outbound request. */
  fetch: GuardedFetch;
  /** Raises and resolves de-duplicated operator alerts (Slack, PagerDuty, or the log). */
  alerts: AlertService;
  redis?: Redis;
  /** The migration files this build ships, read once at start. */
  migrations: MigrationFile[];
  /** Stops jobs (waiting for those in flight), then closes Redis and the database. */
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Apply pending migrations while opening (the server and worker do; `aiqleads migrate` does it itself). */
  migrate?: boolean;
  /** Use this database instead of opening the configured one (tests share one PGlite per worker). */
  db?: Database;
}

/** Alert deliveries go through the guarded client like every other outbound request. */
function alertSendThrough(fetch: GuardedFetch): HttpSend {
  return async (url, init) => {
    const result = await fetch.fetch({ url, source: 'alerts', kind: 'api', ...init, idempotent: true });
    if (result.ok) return { status: result.status, body: result.body };
    if (result.status !== undefined) return { status: result.status, body: result.detail };
    throw new Error(`${result.kind}: ${result.detail}`);
  };
}

/** Opens the database (applying migrations), Redis when configured, and the job runner. */
export async function createPlatform(
  config: Config,
  log: Logger,
  options: PlatformOptions = {},
): Promise<Platform> {
  const db = options.db ?? (await openDatabase(config, log));
  const migrations = readMigrations();
  let redis: Redis | undefined;
  let jobs: JobRunner;
  try {
    if (options.migrate ?? true) {
      const applied = await migrate(db, log, migrations);
      if (applied.length > 0) log.info({ count: applied.length }, 'database migrated');
    }
    jobs = createPgBossRunner({
      db,
      schema: config.DATABASE_SCHEMA === 'public' ? 'pgboss' : `${config.DATABASE_SCHEMA}_pgboss`,
      log,
      defaultConcurrency: config.JOB_CONCURRENCY,
      maxRetryDelaySeconds: config.JOB_RETRY_DELAY_MAX_SECONDS,
    });
    redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, log) : undefined;
  } catch (error) {
    await db.close();
    throw error;
  }
  const memoryCache = createMemoryCache();
  const cache = redis ? createRedisCache(redis, memoryCache) : memoryCache;
  const metrics = createMetrics();
  // The breaker reports to alerts, whose notifiers send through this same client: bind it late.
  let onBreakerChange: BreakerChangeHandler | undefined;
  const fetch = createGuardedFetch({
    userAgent: config.FETCH_USER_AGENT,
    minGapMs: config.FETCH_MIN_GAP_MS,
    hostConcurrency: config.FETCH_HOST_CONCURRENCY,
    timeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    allowPrivateHosts: listSetting(config.FETCH_ALLOW_PRIVATE_HOSTS),
    robotsCache: cache,
    redis,
    registry: metrics.registry,
    log,
    onBreakerChange: (source, state) => void onBreakerChange?.(source, state),
  });
  const alerts = createAlertService({
    db,
    log,
    notifiers: createAlertNotifiers({
      slackWebhookUrl: config.SLACK_WEBHOOK_URL,
      pagerDutyRoutingKey: config.PAGERDUTY_ROUTING_KEY,
      pagerDutyBaseUrl: config.PAGERDUTY_EVENTS_URL,
      log,
      send: alertSendThrough(fetch),
    }),
  });
  onBreakerChange = createBreakerAlertHandler({ alerts, log });
  let closed = false;
  return {
    config,
    log,
    db,
    jobs,
    cache,
    limits: createRateLimiterFactory(redis),
    metrics,
    fetch,
    alerts,
    redis,
    migrations,
    async close() {
      if (closed) return;
      closed = true;
      await jobs.stop(config.SHUTDOWN_TIMEOUT_MS);
      await fetch.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
      await db.close();
    },
  };
}
