import type { Command } from 'commander';
import { seedDemo } from '../workflows/seed-demo.js';
import { seedSynthetic } from '../workflows/seed-synthetic/index.js';
import { CliError, withPlatform } from './context.js';
import { createProgress, printSummary } from './progress.js';

/**
 * `aiqleads seed --demo`: the demo data through the real pipeline (what `npm start` shows when fresh);
 * `aiqleads seed --synthetic N [--seed S]`: N generated leads for load tests and search benchmarks.
 */
export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description(
      'load data: --demo runs the sample pages in fixtures/ through the ingest pipeline; ' +
        '--synthetic N generates N realistic published leads (COPY on PostgreSQL)',
    )
    .option('--demo', 'the demo data (safe to repeat: stored payloads are not ingested twice)')
    .option('--synthetic <count>', 'generate this many synthetic leads (fictional contacts only)')
    .option('--seed <int>', 'random seed of --synthetic: the same seed makes the same leads', '1')
    .action(async (options: { demo?: boolean; synthetic?: string; seed: string }) => {
      if (options.synthetic !== undefined) return seedSyntheticCommand(options.synthetic, options.seed);
      if (!options.demo) throw new CliError('say what to seed: --demo or --synthetic <count>');
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

async function seedSyntheticCommand(countText: string, seedText: string): Promise<void> {
  const count = Number(countText);
  const seed = Number(seedText);
  if (!Number.isInteger(count) || count < 1 || count > 50_000_000)
    throw new CliError('--synthetic takes a lead count between 1 and 50000000');
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new CliError('--seed takes an integer between 0 and 4294967295');
  await withPlatform({ migrate: true }, async (platform) => {
    const progress = createProgress(count, 'generating');
    let reported = 0;
    const summary = await seedSynthetic(platform, {
      count,
      seed,
      onProgress: (done, _total, phase) => {
        if (phase === 'indexing') {
          progress.done();
          if (process.stderr.isTTY) process.stderr.write('rebuilding indexes…\n');
          return;
        }
        progress.tick(done - reported);
        reported = done;
      },
    });
    if (!summary.rebuiltIndexes) progress.done();
    printSummary('Synthetic leads:', [
      ['requested', summary.requested],
      ['inserted', summary.inserted],
      ['already loaded (same seed)', summary.alreadyLoaded],
      ['method', summary.method === 'copy' ? 'COPY (PostgreSQL)' : 'batched INSERT'],
      ['load time', `${(summary.loadMs / 1000).toFixed(1)} s`],
      ['of which index rebuild', summary.rebuiltIndexes ? `${(summary.indexMs / 1000).toFixed(1)} s` : 'no'],
      ['leads per second', summary.leadsPerSecond],
      ['VACUUM ANALYZE', `${(summary.analyzeMs / 1000).toFixed(1)} s`],
    ]);
  });
}
