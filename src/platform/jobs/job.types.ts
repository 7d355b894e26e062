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
}

export interface JobContext {
  id: string;
  name: string;
}

export type JobHandler<S extends TSchema> = (payload: Static<S>, job: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  tx?: Queryable;
  startAfter?: Date | number;
  /** At most one queued job per key (e.g. one crawl per source and market). */
  singletonKey?: string;
}

/** The one job API every module uses; pg-boss runs it on both database backends. */
export interface JobRunner {
  register<S extends TSchema>(definition: JobDefinition<S>, handler: JobHandler<S>): void;
  enqueue<S extends TSchema>(
    definition: JobDefinition<S>,
    payload: Static<S>,
    options?: EnqueueOptions,
  ): Promise<string | null>;
  /** Prepares queues; with `work` true, also starts working registered handlers. */
  start(options: { work: boolean }): Promise<void>;
  /** Stops fetching, waits for jobs in flight (up to the timeout), then detaches from the database. */
  stop(timeoutMs: number): Promise<void>;
}

/** Declares a job; a function only so that the payload type is inferred from the schema. */
export function defineJob<S extends TSchema>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
