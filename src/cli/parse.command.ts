import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { normalizeListing } from '../modules/quality/index.js';
import { adapterFor, defaultSourceRegistry, UnknownSourceError } from '../modules/sources/index.js';
import { CliError } from './context.js';

/** `aiqleads parse --source <name> <file>`: parsed + normalised listings as JSON lines; no database. */
export function registerParseCommand(program: Command): void {
  program
    .command('parse')
    .description('parse a saved page or payload and print one JSON object per listing, one a line')
    .requiredOption(
      '-s, --source <name>',
      'source adapter (craigslist, zillow, fsbo, facebook_leadads, linkedin, csv)',
    )
    .option('-u, --url <url>', 'the URL the file was fetched from (some parsers read ids from it)')
    .argument('<file>', 'the saved page or payload')
    .action(async (file: string, options: { source: string; url?: string }) => {
      const registry = defaultSourceRegistry();
      let adapter: ReturnType<typeof adapterFor>;
      try {
        adapter = adapterFor(registry, options.source);
      } catch (error) {
        if (error instanceof UnknownSourceError) throw new CliError(error.message);
        throw error;
      }
      const payload = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new CliError(
          `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
        );
      });
      const outcome = adapter.parse(payload, options.url);
      if ('skipped' in outcome) {
        console.log(
          JSON.stringify({ skipped: outcome.skipped, ...(outcome.detail ? { detail: outcome.detail } : {}) }),
        );
        return;
      }
      for (const listing of outcome.listings) {
        const { geo_precision: _precision, ...normalized } = normalizeListing(listing);
        console.log(JSON.stringify(normalized));
      }
    });
}
