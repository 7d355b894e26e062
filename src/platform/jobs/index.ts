export type { EnqueueOptions, JobContext, JobDefinition, JobHandler, JobRunner } from './job.types.js';
export { defineJob } from './job.types.js';
export { createPgBossRunner, InvalidJobPayloadError } from './pg-boss-runner.js';
