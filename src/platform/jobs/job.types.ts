import type { Static, TSchema } from 'typebox';
import type { Queryable } from '../db/index.js';

/** A job: queue name, payload schema and retry policy. Handlers must be idempotent. */
export interface JobDefinition<S extends TSchema = TSchema> {
  name: string;
  payload: S;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** How many jobs of this queue one process works at once. */
  concurrency?: number;
  /**
   * pg-boss queue policy: `stately` keeps at most one queued and one active job per singleton key, so
   * repeated enqueues of the same work collapse; `standard` (default) lets every enqueue through.
   */
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
}

export interface JobContext {
  id: string;
  name: string;
}

export type JobHandler<S extends TSchema> = (payload: Static<S>, job: JobContext) => Promise<void>;

/**
 * Works the jobs of one fetch together (up to the job's concurrency) so that it can do set-based work;
 * resolves with the jobs that failed, by their index in `payloads`, and the others complete.
 */
export type BatchJobHandler<S extends TSchema> = (
  payloads: Static<S>[],
  jobs: JobContext[],
) => Promise<ReadonlyMap<number, Error>>;

export interface EnqueueOptions {
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  tx?: Queryable;
  startAfter?: Date | number;
  /** At most one queued job per key (e.g. one crawl per source and market). */
  singletonKey?: string;
}

export interface ScheduleOptions {
  /** One schedule per job and key (e.g. per ad account); scheduling the same key again replaces it. */
  key?: string;
  /** IANA time zone the cron expression is read in; UTC when absent. */
  tz?: string;
}

/** A stored schedule of one job, as `listSchedules` returns it. */
export interface JobSchedule {
  key: string | null;
  cron: string;
  tz: string;
  payload: unknown;
}

/** The one job API every module uses; pg-boss runs it on both database backends. */
export interface JobRunner {
  register<S extends TSchema>(definition: JobDefinition<S>, handler: JobHandler<S>): void;
  /** Registers a handler that takes the jobs of one fetch together (see BatchJobHandler). */
  registerBatch<S extends TSchema>(definition: JobDefinition<S>, handler: BatchJobHandler<S>): void;
  enqueue<S extends TSchema>(
    definition: JobDefinition<S>,
    payload: Static<S>,
    options?: EnqueueOptions,
  ): Promise<string | null>;
  /**
   * Enqueues many jobs of one kind in one statement (same options for all; `singletonKeyOf` names each
   * job's singleton key). Jobs a singleton or stately policy refuses are skipped, as with `enqueue`.
   */
  enqueueMany<S extends TSchema>(
    definition: JobDefinition<S>,
    payloads: readonly Static<S>[],
    options?: Omit<EnqueueOptions, 'singletonKey'> & { singletonKeyOf?: (payload: Static<S>) => string },
  ): Promise<void>;
  /**
   * Enqueues the job on a cron (minute granularity), from whichever process works jobs; stored in the
   * database, so it survives restarts and fires once however many workers run.
   */
  schedule<S extends TSchema>(
    definition: JobDefinition<S>,
    cron: string,
    payload: Static<S>,
    options?: ScheduleOptions,
  ): Promise<void>;
  /** Removes the job's schedule for this key (the key-less one when absent); a missing one is no error. */
  unschedule(definition: JobDefinition, key?: string): Promise<void>;
  /** The job's stored schedules, keyed and key-less. */
  listSchedules(definition: JobDefinition): Promise<JobSchedule[]>;
  /** Prepares queues; with `work` true, also starts working registered handlers and firing schedules. */
  start(options: { work: boolean }): Promise<void>;
  /** Stops fetching, waits for jobs in flight (up to the timeout), then detaches from the database. */
  stop(timeoutMs: number): Promise<void>;
}

/** Declares a job; a function only so that the payload type is inferred from the schema. */
export function defineJob<S extends TSchema>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
