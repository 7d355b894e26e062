import { createModules, registerModuleJobs } from './composition.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { DatabaseSetupError, MigrationError } from './platform/db/index.js';
import { createLogger } from './platform/logger/index.js';
import { createPlatform } from './platform/platform.js';

/** Job worker entry: works every module's jobs, no HTTP. Run as many as the load needs. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL });
  const platform = await createPlatform(config, log);
  registerModuleJobs(platform, createModules(platform));
  await platform.jobs.start({ work: true });
  log.info({ database: platform.db.kind }, 'worker started');

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'worker stopping: finishing jobs in flight');
    try {
      await platform.close();
      log.info('worker stopped');
    } catch (error) {
      log.error({ err: error }, 'error during shutdown');
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigError || error instanceof DatabaseSetupError || error instanceof MigrationError;
  process.stderr.write(
    `aiqleads worker: ${known ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`,
  );
  process.exit(1);
});
