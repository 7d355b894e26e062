import type { Command } from 'commander';
import { seedDemo } from '../workflows/seed-demo.js';
import { CliError, withPlatform } from './context.js';
import { createProgress, printSummary } from './progress.js';

/** `aiqleads seed --demo`: the demo data through the real pipeline (what `npm start` shows when fresh). */
export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description('load data: --demo runs the sample pages in fixtures/ through the ingest pipeline')
    .option('--demo', 'the demo data (safe to repeat: stored payloads are not ingested twice)')
    .action(async (options: { demo?: boolean }) => {
      if (!options.demo) throw new CliError('say what to seed: --demo');
      await withPlatform({}, async (platform) => {
        let progress: ReturnType<typeof createProgress> | undefined;
        const summary = await seedDemo(platform, (done, total) => {
          progress ??= createProgress(total, 'seeding');
          progress.tick();
          if (done === total) progress.done();
        });
        printSummary('Demo data:', [
          ['payloads', summary.records],
          ['parsed', summary.parsed],
          ['skipped (not a listing)', summary.skipped],
          ['failed', summary.failed],
          ['leads new', summary.leadsCreated],
          ['leads updated', summary.leadsUpdated],
          ['already loaded', summary.records - summary.parsed - summary.skipped - summary.failed],
        ]);
      });
    });
}
