import PgBoss from 'pg-boss';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import type { Queryable } from '../db/index.js';
import type { Logger } from '../logger/index.js';
import type { EnqueueOptions, JobDefinition, JobHandler, JobRunner } from './job.types.js';

/** pg-boss talks to the database through this executor, so it runs on PGlite as well as on pg. */
function executorFor(db: Queryable): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      // pg-boss sends its DDL and locked scripts as several statements without parameters.
      const result = values && values.length > 0 ? await db.query(text, values) : await db.exec(text);
      return { rows: result.rows };
    },
  };
}

/** Thrown on enqueue when a payload does not match its job's schema: a programming error, not a retry. */
export class InvalidJobPayloadError extends Error {
  override name = 'InvalidJobPayloadError';
}

function assertPayload(definition: JobDefinition, payload: unknown): void {
  const [first] = Value.Errors(definition.payload, payload);
  if (first) {
    throw new InvalidJobPayloadError(
      `job ${definition.name}: payload ${first.instancePath || '/'} ${first.message}`,
    );
  }
}

export interface PgBossRunnerOptions {
  db: Queryable;
  /** Schema for pg-boss's own tables. */
  schema: string;
  log: Logger;
  defaultConcurrency: number;
  pollingIntervalSeconds?: number;
}

interface Registration {
  definition: JobDefinition;
  handler: JobHandler<TSchema>;
}

/** JobRunner over pg-boss 10 (the last line that supports Node 20). */
export function createPgBossRunner(options: PgBossRunnerOptions): JobRunner {
  const { log } = options;
  const boss = new PgBoss({
    db: executorFor(options.db),
    schema: options.schema,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
  });
  boss.on('error', (error: Error) => log.error({ err: error }, 'job runner error'));
  const registrations = new Map<string, Registration>();
  const inFlight = new Set<Promise<void>>();
  let started = false;

  async function runOne(registration: Registration, job: PgBoss.Job<object>): Promise<void> {
    const { definition, handler } = registration;
    const jobLog = log.child({ job: definition.name, jobId: job.id });
    const startedAt = Date.now();
    try {
      assertPayload(definition, job.data);
      await handler(job.data, { id: job.id, name: definition.name });
      jobLog.debug({ ms: Date.now() - startedAt }, 'job done');
    } catch (error) {
      jobLog.warn({ err: error, ms: Date.now() - startedAt }, 'job failed');
      // Fail this job alone; pg-boss then completes the rest of the batch (already-failed ids are skipped).
      await boss.fail(definition.name, job.id, { message: (error as Error).message });
    }
  }

  async function work(registration: Registration): Promise<void> {
    const { definition } = registration;
    await boss.work<object>(
      definition.name,
      { batchSize: definition.concurrency ?? options.defaultConcurrency },
      async (jobs) => {
        const batch = Promise.all(jobs.map((job) => runOne(registration, job))).then(() => undefined);
        inFlight.add(batch);
        try {
          await batch;
        } finally {
          inFlight.delete(batch);
        }
      },
    );
  }

  return {
    register(definition, handler) {
      if (registrations.has(definition.name)) throw new Error(`job ${definition.name} registered twice`);
      registrations.set(definition.name, { definition, handler: handler as JobHandler<TSchema> });
    },

    async enqueue(definition, payload, enqueueOptions: EnqueueOptions = {}) {
      assertPayload(definition, payload);
      if (!started) throw new Error('job runner not started');
      return boss.send(definition.name, payload as object, {
        retryLimit: definition.retryLimit ?? 3,
        retryDelay: definition.retryDelaySeconds ?? 5,
        retryBackoff: definition.retryBackoff ?? true,
        expireInSeconds: definition.expireInSeconds ?? 15 * 60,
        ...(enqueueOptions.tx ? { db: executorFor(enqueueOptions.tx) } : {}),
        ...(enqueueOptions.startAfter ? { startAfter: enqueueOptions.startAfter } : {}),
        ...(enqueueOptions.singletonKey ? { singletonKey: enqueueOptions.singletonKey } : {}),
      });
    },

    async start({ work: shouldWork }) {
      await boss.start();
      started = true;
      for (const registration of registrations.values()) {
        await boss.createQueue(registration.definition.name);
        if (shouldWork) await work(registration);
      }
    },

    async stop(timeoutMs) {
      if (!started) return;
      started = false;
      // Stop fetching, then wait for what this process is working on before detaching.
      for (const name of registrations.keys()) await boss.offWork(name);
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([Promise.allSettled([...inFlight]).then(() => undefined), deadline]);
      await boss.stop({ graceful: false, close: false, wait: true });
    },
  };
}
