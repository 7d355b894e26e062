import type { Command } from 'commander';
import { UnknownSourceError } from '../modules/sources/index.js';
import { CrawlNotStartedError, runCrawlLocally, startCrawl } from '../workflows/crawl/index.js';
import { ingestDepsFor } from '../workflows/ingest/index.js';
import { CliError, withPlatform } from './context.js';
import { printSummary } from './progress.js';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`expected a positive integer, got "${value}"`);
  return n;
}

/** `aiqleads crawl <source>`: one crawl run worked in this process, with progress and a summary. */
export function registerCrawlCommand(program: Command): void {
  program
    .command('crawl')
    .description('crawl a source now (politely: robots.txt, per-host limits) and ingest what it finds')
    .argument('<source>', 'craigslist, zillow or fsbo')
    .option('--site <site...>', 'site(s)/market(s) to crawl, e.g. sfbay (default: the source settings)')
    .option('--max-pages <n>', 'stop queueing pages past this many', positiveInteger)
    .option('--concurrency <n>', 'pages in flight at once (per-host limits still apply)', positiveInteger, 4)
    .action(async (source: string, options: { site?: string[]; maxPages?: number; concurrency: number }) => {
      await withPlatform({}, async (platform) => {
        const deps = { ...ingestDepsFor(platform), fetch: platform.fetch };
        const { sources } = deps;
        const run = await startCrawl(
          { db: platform.db, sources, dispatch: async () => undefined },
          source,
          'cli',
          { sites: options.site, maxPages: options.maxPages },
        ).catch((error: Error) => {
          if (error instanceof CrawlNotStartedError || error instanceof UnknownSourceError)
            throw new CliError(error.message);
          throw error;
        });
        const tty = Boolean(process.stderr.isTTY);
        const counts = await runCrawlLocally(deps, run.id, options.concurrency, (c) => {
          if (tty)
            process.stderr.write(
              `\rcrawling ${source}: ${c.pages - c.queued}/${c.pages} pages fetched, ${c.stored} to parse, ${c.leads_created} new leads`,
            );
        });
        if (tty) process.stderr.write('\n');
        const fetched = counts.pages - counts.queued - counts.robots;
        printSummary(`Crawl ${run.id} of ${source}:`, [
          ['pages fetched', fetched],
          ['parsed', counts.parsed],
          ['new leads', counts.leads_created],
          ['updated leads', counts.leads_updated],
          ['unchanged', counts.unchanged],
          ['skipped (not a listing)', counts.skipped],
          ['skipped by robots', counts.robots],
          ['blocked', counts.blocked],
          ['failed', counts.failed],
        ]);
        if (counts.failed > 0 && counts.parsed === 0) process.exitCode = 1;
      });
    });
}
