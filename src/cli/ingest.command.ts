import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { adapterFor, defaultSourceRegistry, UnknownSourceError } from '../modules/sources/index.js';
import {
  addToSummary,
  emptySummary,
  ingestDepsFor,
  ingestPayload,
  type ReparseSummary,
  reparseSource,
} from '../workflows/ingest/index.js';
import { CliError, withPlatform } from './context.js';
import { createProgress, printSummary } from './progress.js';

function summaryRows(summary: ReparseSummary, extra: [string, number][] = []): [string, number][] {
  return [
    ...extra,
    ['parsed', summary.parsed],
    ['skipped (not a listing)', summary.skipped],
    ['failed', summary.failed],
    ['leads new', summary.leadsCreated],
    ['leads updated', summary.leadsUpdated],
    ['leads unchanged', summary.leadsUnchanged],
    ['joined a lead as duplicates', summary.leadsMatched],
  ];
}

function checkSource(source: string) {
  try {
    return adapterFor(defaultSourceRegistry(), source);
  } catch (error) {
    if (error instanceof UnknownSourceError) throw new CliError(error.message);
    throw error;
  }
}

/** `aiqleads ingest` and `aiqleads reparse`: the whole pipeline over files, or over stored raw records. */
export function registerIngestCommands(program: Command): void {
  program
    .command('ingest')
    .description('run saved pages or payloads through the whole pipeline into the database')
    .requiredOption('-s, --source <name>', 'source adapter')
    .argument('<files...>', 'saved pages or payloads')
    .action(async (files: string[], options: { source: string }) => {
      const adapter = checkSource(options.source);
      await withPlatform({}, async (platform) => {
        const deps = ingestDepsFor(platform);
        const summary = emptySummary();
        let unchanged = 0;
        let unreadable = 0;
        const progress = createProgress(files.length, 'ingesting');
        for (const file of files) {
          const payload = await readFile(file, 'utf8').catch(() => null);
          progress.tick();
          if (payload === null) {
            unreadable += 1;
            console.error(`aiqleads: cannot read ${file}`);
            continue;
          }
          const result = await ingestPayload(deps, { sourceId: adapter.id, payload, url: null });
          if (result.status === 'unchanged') unchanged += 1;
          else addToSummary(summary, result);
          if (result.status === 'failed') console.error(`aiqleads: ${file}: ${result.reason}`);
        }
        progress.done();
        printSummary(
          `Ingested ${files.length} file(s) from ${adapter.id}:`,
          summaryRows(summary, [
            ['files', files.length],
            ['unreadable files', unreadable],
            ['already ingested', unchanged],
          ]),
        );
        if (summary.failed > 0 || unreadable > 0) process.exitCode = 1;
      });
    });

  program
    .command('reparse')
    .description("replay a source's stored raw records through today's parser")
    .requiredOption('-s, --source <name>', 'source adapter')
    .action(async (options: { source: string }) => {
      const adapter = checkSource(options.source);
      await withPlatform({}, async (platform) => {
        const deps = ingestDepsFor(platform);
        const summary = await reparseSource(deps, adapter.id, (done) => {
          if (process.stderr.isTTY) process.stderr.write(`\rreparsed ${done} raw records`);
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        printSummary(`Reparsed ${summary.records} raw record(s) of ${adapter.id}:`, summaryRows(summary));
      });
    });
}
