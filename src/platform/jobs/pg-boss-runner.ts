import PgBoss from 'pg-boss';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import type { Queryable } from '../db/index.js';
import type { Logger } from '../logger/index.js';
import type {
  BatchJobHandler,
  EnqueueOptions,
  JobDefinition,
  JobHandler,
  JobRunner,
  JobSchedule,
} from './job.types.js';

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
  /** How often pg-boss checks schedules (1–45 s; its default 30); tests shorten it. */
  cronMonitorIntervalSeconds?: number;
  /** How often scheduled sends are turned into jobs (1–45 s; its default 5). */
  cronWorkerIntervalSeconds?: number;
  /** Caps every job's retry delay (tests shorten backoffs). */
  maxRetryDelaySeconds?: number;
}

/** A row of pg-boss's `schedule` table, as `getSchedules` returns it. */
interface ScheduleRow {
  name: string;
  cron: string;
  timezone: string | null;
  data: unknown;
  options: { name?: string } | null;
}

type Registration =
  | { definition: JobDefinition; handler: JobHandler<TSchema>; batch?: undefined }
  | { definition: JobDefinition; batch: BatchJobHandler<TSchema>; handler?: undefined };

/** pg-boss 10 keeps one schedule per queue; a keyed schedule hangs off an empty queue of this name. */
function scheduleQueue(definition: JobDefinition, key: string | undefined): string {
  return key === undefined ? definition.name : `${definition.name}@${key}`;
}

function sendOptions(definition: JobDefinition, maxRetryDelaySeconds = Number.POSITIVE_INFINITY) {
  return {
    retryLimit: definition.retryLimit ?? 3,
    retryDelay: Math.min(definition.retryDelaySeconds ?? 5, maxRetryDelaySeconds),
    retryBackoff: definition.retryBackoff ?? true,
    expireInSeconds: definition.expireInSeconds ?? 15 * 60,
  };
}

/** pg-boss's bulk insert takes a time, or an interval from now as text (`send` takes seconds). */
function insertStartAfter(startAfter: Date | number): Date | string {
  return typeof startAfter === 'number' ? `${startAfter} seconds` : startAfter;
}

/** JobRunner over pg-boss 10 (the last line that supports Node 20). */
export function createPgBossRunner(options: PgBossRunnerOptions): JobRunner {
  const { log } = options;
  // Built at start: only processes that work jobs run pg-boss's timekeeper (the cron monitor), so the
  // CLI's enqueue-only runner neither forwards scheduled jobs nor keeps timers alive.
  function newBoss(withSchedules: boolean): PgBoss {
    const created = new PgBoss({
      db: executorFor(options.db),
      schema: options.schema,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
      schedule: withSchedules,
      ...(options.cronMonitorIntervalSeconds
        ? { cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds }
        : {}),
      ...(options.cronWorkerIntervalSeconds
        ? { cronWorkerIntervalSeconds: options.cronWorkerIntervalSeconds }
        : {}),
    });
    created.on('error', (error: Error) => log.error({ err: error }, 'job runner error'));
    return created;
  }
  const registrations = new Map<string, Registration>();
  const inFlight = new Set<Promise<void>>();
  // Kept after stop() so that jobs still in flight can record their outcome.
  let boss: PgBoss | undefined;
  let started = false;
  function running(): PgBoss {
    if (!started || !boss) throw new Error('job runner not started');
    return boss;
  }

  async function runOne(
    boss: PgBoss,
    definition: JobDefinition,
    handler: JobHandler<TSchema>,
    job: PgBoss.Job<object>,
  ): Promise<void> {
    const jobLog = log.child({ job: definition.name, jobId: job.id });
    const startedAt = Date.now();
    try {
      assertPayload(definition, job.data);
      await handler(job.data, { id: job.id, name: definition.name });
      jobLog.debug({ ms: Date.now() - startedAt }, 'job done');
    } catch (error) {
      await failJob(boss, definition, job, error as Error, startedAt);
    }
  }

  async function failJob(
    boss: PgBoss,
    definition: JobDefinition,
    job: PgBoss.Job<object>,
    error: Error,
    startedAt: number,
  ): Promise<void> {
    log.warn({ job: definition.name, jobId: job.id, err: error, ms: Date.now() - startedAt }, 'job failed');
    // Fail this job alone; pg-boss then completes the rest of the batch (already-failed ids are skipped).
    await boss.fail(definition.name, job.id, { message: error.message });
  }

  /** A batch handler gets the fetch's valid jobs at once; a throw fails them all, each for a retry. */
  async function runBatch(
    boss: PgBoss,
    definition: JobDefinition,
    handler: BatchJobHandler<TSchema>,
    jobs: PgBoss.Job<object>[],
  ): Promise<void> {
    const startedAt = Date.now();
    const valid: PgBoss.Job<object>[] = [];
    for (const job of jobs) {
      try {
        assertPayload(definition, job.data);
        valid.push(job);
      } catch (error) {
        await failJob(boss, definition, job, error as Error, startedAt);
      }
    }
    if (valid.length === 0) return;
    let failures: ReadonlyMap<number, Error>;
    try {
      failures = await handler(
        valid.map((job) => job.data),
        valid.map((job) => ({ id: job.id, name: definition.name })),
      );
    } catch (error) {
      failures = new Map(valid.map((_, index) => [index, error as Error]));
    }
    for (const [index, error] of failures) {
      const job = valid[index];
      if (job) await failJob(boss, definition, job, error, startedAt);
    }
    log.debug({ job: definition.name, jobs: valid.length, ms: Date.now() - startedAt }, 'job batch done');
  }

  /** One pg-boss worker: fetches up to `batchSize` jobs, works them, fetches again. */
  async function startWorker(boss: PgBoss, registration: Registration, batchSize: number): Promise<void> {
    const { definition } = registration;
    let workerId: string | undefined;
    workerId = await boss.work<object>(definition.name, { batchSize }, async (jobs) => {
      const batch = registration.batch
        ? runBatch(boss, definition, registration.batch, jobs)
        : Promise.all(jobs.map((job) => runOne(boss, definition, registration.handler, job))).then(
            () => undefined,
          );
      inFlight.add(batch);
      try {
        await batch;
      } finally {
        inFlight.delete(batch);
      }
      // pg-boss 10 sleeps out the polling interval after every batch, which caps a queue at
      // batchSize / 0.5 s; a full batch means more jobs are waiting, so fetch again at once.
      if (jobs.length === batchSize && workerId) boss.notifyWorker(workerId);
    });
  }

  /**
   * Works a queue with `concurrency` jobs at a time. A batch handler gets two workers of half as many:
   * a batch is written while the other one's jobs run (one worker would leave every job slot idle
   * while its batch writes).
   */
  async function work(boss: PgBoss, registration: Registration): Promise<void> {
    const concurrency = registration.definition.concurrency ?? options.defaultConcurrency;
    if (!registration.batch || concurrency < 2) return startWorker(boss, registration, concurrency);
    await startWorker(boss, registration, Math.ceil(concurrency / 2));
    await startWorker(boss, registration, Math.floor(concurrency / 2));
  }

  return {
    register(definition, handler) {
      if (registrations.has(definition.name)) throw new Error(`job ${definition.name} registered twice`);
      registrations.set(definition.name, { definition, handler: handler as JobHandler<TSchema> });
    },

    registerBatch(definition, batch) {
      if (registrations.has(definition.name)) throw new Error(`job ${definition.name} registered twice`);
      registrations.set(definition.name, { definition, batch: batch as BatchJobHandler<TSchema> });
    },

    async enqueue(definition, payload, enqueueOptions: EnqueueOptions = {}) {
      assertPayload(definition, payload);
      return running().send(definition.name, payload as object, {
        ...sendOptions(definition, options.maxRetryDelaySeconds),
        ...(enqueueOptions.tx ? { db: executorFor(enqueueOptions.tx) } : {}),
        ...(enqueueOptions.startAfter ? { startAfter: enqueueOptions.startAfter } : {}),
        ...(enqueueOptions.singletonKey ? { singletonKey: enqueueOptions.singletonKey } : {}),
      });
    },

    async enqueueMany(definition, payloads, enqueueOptions = {}) {
      if (payloads.length === 0) return;
      for (const payload of payloads) assertPayload(definition, payload);
      const { retryLimit, retryDelay, retryBackoff, expireInSeconds } = sendOptions(
        definition,
        options.maxRetryDelaySeconds,
      );
      await running().insert(
        payloads.map((payload) => ({
          name: definition.name,
          data: payload as object,
          retryLimit,
          retryDelay,
          retryBackoff,
          expireInSeconds,
          ...(enqueueOptions.startAfter ? { startAfter: insertStartAfter(enqueueOptions.startAfter) } : {}),
          ...(enqueueOptions.singletonKeyOf ? { singletonKey: enqueueOptions.singletonKeyOf(payload) } : {}),
        })),
        enqueueOptions.tx ? { db: executorFor(enqueueOptions.tx) } : {},
      );
    },

    async schedule(definition, cron, payload, { key, tz } = {}) {
      assertPayload(definition, payload);
      const boss = running();
      const queue = scheduleQueue(definition, key);
      await boss.createQueue(queue);
      // pg-boss's timekeeper sends `{ name: <schedule>, data, ...options }`, so `name` in the options
      // routes a keyed schedule's jobs to the job's own queue (checked by tests/platform/jobs-schedule).
      await boss.schedule(
        queue,
        cron,
        payload as object,
        {
          tz: tz ?? 'UTC',
          ...sendOptions(definition, options.maxRetryDelaySeconds),
          ...(key === undefined ? {} : { name: definition.name }),
        } as PgBoss.ScheduleOptions,
      );
    },

    async unschedule(definition, key) {
      const boss = running();
      await boss.unschedule(scheduleQueue(definition, key));
      if (key !== undefined) await boss.deleteQueue(scheduleQueue(definition, key));
    },

    async listSchedules(definition) {
      const boss = running();
      const prefix = scheduleQueue(definition, '');
      const schedules: JobSchedule[] = [];
      for (const row of (await boss.getSchedules()) as unknown as ScheduleRow[]) {
        const keyed = row.name.startsWith(prefix) && row.options?.name === definition.name;
        if (row.name !== definition.name && !keyed) continue;
        schedules.push({
          key: keyed ? row.name.slice(prefix.length) : null,
          cron: row.cron,
          tz: row.timezone ?? 'UTC',
          payload: row.data ?? null,
        });
      }
      return schedules;
    },

    async start({ work: shouldWork }) {
      const instance = newBoss(shouldWork);
      await instance.start();
      boss = instance;
      started = true;
      for (const registration of registrations.values()) {
        await instance.createQueue(registration.definition.name, {
          name: registration.definition.name,
          policy: registration.definition.policy ?? 'standard',
        });
        if (shouldWork) await work(instance, registration);
      }
    },

    async stop(timeoutMs) {
      if (!started || !boss) return;
      started = false;
      // Stop fetching, then wait for what this process is working on before detaching.
      for (const name of registrations.keys()) await boss.offWork(name);
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
      await Promise.race([Promise.allSettled([...inFlight]).then(() => undefined), deadline]);
      await boss.stop({ graceful: false, close: false, wait: true });
    },
  };
}
