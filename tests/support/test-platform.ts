import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import { loadConfig } from '../../src/config.js';
import { type Database, openPostgres, pgliteDatabase, startPglite } from '../../src/platform/db/index.js';
import { createLogger, type Logger } from '../../src/platform/logger/index.js';
import { createPlatform, type Platform } from '../../src/platform/platform.js';

/** Set when the suite runs against real services (CI): `DATABASE_URL=… REDIS_URL=… npm test`. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL;
export const TEST_REDIS_URL = process.env.REDIS_URL;
export type Backend = 'pglite' | 'postgres';
/** The backend the suite runs on. */
export const DEFAULT_BACKEND: Backend = TEST_DATABASE_URL ? 'postgres' : 'pglite';
/** Every backend reachable here: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const AVAILABLE_BACKENDS: Backend[] = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

// One PGlite + PostGIS per test worker (each costs seconds and ~1 GB); files get their own schema.
let sharedPglite: Promise<PGlite> | undefined;
const silent = createLogger({ level: 'silent' });

function freshSchema(): string {
  return `t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

async function dropSchemas(db: Database, schema: string): Promise<void> {
  await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE;`);
}

/** A database with an empty schema of its own; closing it drops the schema. */
export async function openTestDatabase(
  backend: Backend = DEFAULT_BACKEND,
  schema = freshSchema(),
): Promise<Database> {
  let db: Database;
  if (backend === 'postgres') {
    if (!TEST_DATABASE_URL) throw new Error('DATABASE_URL is not set');
    db = await openPostgres({ connectionString: TEST_DATABASE_URL, schema, poolMax: 20, log: silent });
  } else {
    sharedPglite ??= startPglite(undefined, silent);
    db = await pgliteDatabase(await sharedPglite, schema, false);
  }
  const close = db.close;
  return {
    ...db,
    close: async () => {
      await dropSchemas(db, schema);
      await close();
    },
  };
}

/** Collects log lines so tests can read what a process logged. */
export function captureLogs(level = 'info'): { log: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    log: createLogger({ level, destination: stream }),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export interface TestPlatformOptions {
  backend?: Backend;
  /** Extra settings, as environment strings (e.g. `{ REDIS_URL: … }`). */
  env?: Record<string, string>;
  log?: Logger;
}

/** A migrated platform on its own schema; `close()` stops jobs and drops the schema. */
export async function createTestPlatform(options: TestPlatformOptions = {}): Promise<Platform> {
  const backend = options.backend ?? DEFAULT_BACKEND;
  const schema = freshSchema();
  const db = await openTestDatabase(backend, schema);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_SCHEMA: schema,
    SEED_DEMO: 'false',
    SHUTDOWN_TIMEOUT_MS: '2000',
    // Retries (a block page's, a failed delivery's) come back within a second, not after minutes.
    JOB_RETRY_DELAY_MAX_SECONDS: '1',
    ...(backend === 'postgres' && TEST_DATABASE_URL ? { DATABASE_URL: TEST_DATABASE_URL } : {}),
    ...options.env,
  });
  return createPlatform(config, options.log ?? silent, { db });
}
