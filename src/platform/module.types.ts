import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { JobRunner } from './jobs/index.js';

/**
 * What a domain module contributes to a process: HTTP routes (mounted by buildApp) and job handlers
 * (registered in every process, worked where jobs run). Modules are built once per process from the
 * platform by `createModules`.
 */
export interface AppModule {
  name: string;
  routes?: FastifyPluginAsyncTypebox;
  registerJobs?(jobs: JobRunner): void;
  /** Runs once this process works jobs (schedules need a started runner): e.g. keeps the module's schedules. */
  afterStart?(jobs: JobRunner): Promise<void>;
}
