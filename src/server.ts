import { buildApp } from './app.js';
import { createModules, registerModuleJobs } from './composition.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { DatabaseSetupError, MigrationError } from './platform/db/index.js';
import { createLogger } from './platform/logger/index.js';
import { createPlatform } from './platform/platform.js';
import { seedDemoIfFresh } from './workflows/seed-demo.js';

/** HTTP entry: API (and, unless RUN_JOBS=false, the job worker) in one process. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL });
  const startedAt = Date.now();
  const platform = await createPlatform(config, log);
  const modules = createModules(platform);
  registerModuleJobs(platform, modules);
  const app = await buildApp(platform, modules);
  await platform.jobs.start({ work: config.RUN_JOBS });
  if (config.RUN_JOBS) for (const module of modules) await module.afterStart?.(platform.jobs);
  await seedDemoIfFresh(platform);
  await app.listen({ host: config.HOST, port: config.PORT });
  log.info(
    { ms: Date.now() - startedAt, database: platform.db.kind },
    `AIQLeads ready on http://${config.HOST}:${config.PORT}`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
    const force = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 5000).unref();
    try {
      await app.close();
      await platform.close();
      clearTimeout(force);
      log.info('stopped');
    } catch (error) {
      log.error({ err: error }, 'error during shutdown');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Setup problems are one clear line; anything else gets its stack.
  if (
    error instanceof ConfigError ||
    error instanceof DatabaseSetupError ||
    error instanceof MigrationError
  ) {
    process.stderr.write(`aiqleads: ${error.message}\n`);
  } else {
    process.stderr.write(`aiqleads: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
});
