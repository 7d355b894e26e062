import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { pgliteDatabase, startPglite } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { createPlatform, type Platform } from '../../src/platform/platform.js';

export interface BenchPlatform {
  platform: Platform;
  /** `PostgreSQL` or `PGlite`, for table titles. */
  backend: string;
  schema: string;
  /** Stops jobs, drops the bench's schemas, closes the platform. */
  close(): Promise<void>;
}

export interface BenchPlatformOptions {
  /** The schema to use (default: a fresh one). */
  schema?: string;
  /** Apply migrations at start (default true; false measures a reused schema as it is). */
  migrate?: boolean;
  /** Drop the schema on close (default true). */
  dropOnClose?: boolean;
  /** Settings on top of the bench defaults (e.g. a larger pool, looser limits). */
  env?: Record<string, string>;
}

/**
 * A platform on a schema of the configured database (DATABASE_URL, else an in-memory PGlite), fresh by
 * default, with politeness off (no gap between requests; robots.txt still fetched and obeyed) and
 * loopback allowed.
 */
export async function openBenchPlatform(options: BenchPlatformOptions = {}): Promise<BenchPlatform> {
  const schema = options.schema ?? `bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const log = createLogger({ level: 'silent' });
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    RUN_JOBS: 'false',
    DATABASE_SCHEMA: schema,
    DATABASE_POOL_MAX: '20',
    FETCH_MIN_GAP_MS: '0',
    FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...options.env,
  });
  // An in-memory PGlite: the developer's ./data is left alone and nothing is left behind.
  const db = config.DATABASE_URL
    ? undefined
    : await pgliteDatabase(await startPglite(undefined, log), schema);
  const platform = await createPlatform(config, log, {
    ...(db ? { db } : {}),
    migrate: options.migrate ?? true,
  });
  let closed = false;
  return {
    platform,
    backend: platform.db.kind === 'postgres' ? 'PostgreSQL' : 'PGlite',
    schema,
    async close() {
      if (closed) return;
      closed = true;
      await platform.jobs.stop(5000);
      if (options.dropOnClose ?? true) {
        await platform.db.exec(
          `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE;`,
        );
      }
      await platform.close();
    },
  };
}
