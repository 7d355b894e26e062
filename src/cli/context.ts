import { ConfigError, loadConfig, loadDotEnv } from '../config.js';
import { DatabaseSetupError, MigrationError } from '../platform/db/index.js';
import { createLogger } from '../platform/logger/index.js';
import { createPlatform, type Platform, type PlatformOptions } from '../platform/platform.js';

/** A readable failure for the person at the terminal: printed as one line, exit code 1. */
export class CliError extends Error {
  override name = 'CliError';
}

/** Opens the platform for one command and always closes it; CLI logs go to stderr at `warn` by default. */
export async function withPlatform<T>(
  options: PlatformOptions,
  run: (platform: Platform) => Promise<T>,
): Promise<T> {
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger({
    level: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn',
    destination: process.stderr,
  });
  const platform = await createPlatform(config, log, options);
  try {
    return await run(platform);
  } finally {
    await platform.close();
  }
}

/** Prints an error the way a CLI user should see it and sets a failing exit code. */
export function reportCliError(error: unknown): void {
  const known =
    error instanceof CliError ||
    error instanceof ConfigError ||
    error instanceof DatabaseSetupError ||
    error instanceof MigrationError;
  const message = known ? (error as Error).message : ((error as Error)?.stack ?? String(error));
  process.stderr.write(`aiqleads: ${message}\n`);
  process.exitCode = 1;
}
