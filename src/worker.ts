import { createModules, registerModuleJobs } from './composition.js';
import { loadConfig, loadDotEnv } from './config.js';
import { createLogger } from './platform/logger/index.js';
import { createPlatform } from './platform/platform.js';

/**
 * Job worker: works every module's jobs, no HTTP. Run as many as the load needs (`aiqleads worker` or
 * `npm run worker`); resolves once a SIGTERM/SIGINT has drained the jobs in flight.
 */
export async function runWorker(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL });
  const platform = await createPlatform(config, log);
  const modules = createModules(platform);
  registerModuleJobs(platform, modules);
  await platform.jobs.start({ work: true });
  try {
    for (const module of modules) await module.afterStart?.(platform.jobs);
  } catch (error) {
    // The CLI only sets the exit code: an open database and job timers would keep the process alive.
    await platform.close();
    throw error;
  }
  log.info({ database: platform.db.kind }, 'worker started');

  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  log.info({ signal }, 'worker stopping: finishing jobs in flight');
  await platform.close();
  log.info('worker stopped');
}
