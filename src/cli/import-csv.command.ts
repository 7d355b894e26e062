import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../platform/http/errors.js';
import { importCsv, ingestDepsFor } from '../workflows/ingest/index.js';
import { CliError, withPlatform } from './context.js';
import { printSummary } from './progress.js';

async function readText(file: string, what: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `cannot read ${what} ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
    );
  });
}

/** `aiqleads import-csv <file> [--mapping mapping.json]`: good rows in, bad rows listed by line. */
export function registerImportCsvCommand(program: Command): void {
  program
    .command('import-csv')
    .description('import leads from a CSV file; bad rows are reported with their line numbers')
    .argument('<file>', 'the CSV file (comma, semicolon or tab separated)')
    .option(
      '-m, --mapping <file>',
      'JSON object mapping lead fields to column headers (default: recognised headers)',
    )
    .action(async (file: string, options: { mapping?: string }) => {
      const csv = await readText(file, 'CSV file');
      let mapping: Record<string, unknown> | undefined;
      if (options.mapping) {
        try {
          mapping = JSON.parse(await readText(options.mapping, 'mapping file')) as Record<string, unknown>;
        } catch (error) {
          if (error instanceof CliError) throw error;
          throw new CliError(`mapping file ${options.mapping} is not JSON: ${(error as Error).message}`);
        }
      }
      await withPlatform({}, async (platform) => {
        const deps = ingestDepsFor(platform);
        const result = await importCsv(deps, {
          csv,
          mapping: mapping as never,
          filename: path.basename(file),
        }).catch((error: unknown) => {
          if (!(error instanceof AppError)) throw error;
          const details = Array.isArray(error.details)
            ? (error.details as { line?: number; reason?: string }[])
                .map((d) => `\n  line ${d.line}: ${d.reason}`)
                .join('')
            : '';
          throw new CliError(`${error.message}${details}`);
        });
        for (const problem of result.errors) {
          console.error(
            `${file}:${problem.line}: ${problem.column ? `${problem.column}: ` : ''}${problem.reason}`,
          );
        }
        printSummary(
          `Imported ${path.basename(file)}${result.already_imported ? ' (already imported before: nothing new)' : ''}:`,
          [
            ['rows imported', result.rows_imported],
            ['rows refused', new Set(result.errors.map((problem) => problem.line)).size],
            ['leads new', result.leads_created],
            ['leads updated', result.leads_updated],
          ],
        );
        if (result.errors.length > 0) process.exitCode = 1;
      });
    });
}
