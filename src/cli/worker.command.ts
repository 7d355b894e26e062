import type { Command } from 'commander';
import { runWorker } from '../worker.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('work background jobs (crawls, page fetches, webhook lead fetches) until SIGTERM')
    .action(runWorker);
}
