import { Command } from 'commander';
import { registerAddressCommand } from './address.command.js';
import { reportCliError } from './context.js';
import { registerCrawlCommand } from './crawl.command.js';
import { registerDncCommand } from './dnc.command.js';
import { registerImportCsvCommand } from './import-csv.command.js';
import { registerIngestCommands } from './ingest.command.js';
import { registerMigrateCommand } from './migrate.command.js';
import { registerParseCommand } from './parse.command.js';
import { registerPricingCommand } from './pricing.command.js';
import { registerSeedCommand } from './seed.command.js';
import { registerWorkerCommand } from './worker.command.js';

/** The `aiqleads` command line. Each command lives in its own file and registers itself here. */
export function buildProgram(): Command {
  const program = new Command('aiqleads')
    .description('AIQLeads: real-estate owner leads, ingested, cleaned, scored, priced and sold')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(`aiqleads: ${text.replace(/^error: /, '')}`) });
  program.addHelpText(
    'after',
    '\nConfiguration comes from the environment or ./.env (see .env.example).\n' +
      'Without DATABASE_URL the embedded database in $DATA_DIR (default ./data) is used.',
  );
  registerMigrateCommand(program);
  registerParseCommand(program);
  registerAddressCommand(program);
  registerIngestCommands(program);
  registerCrawlCommand(program);
  registerImportCsvCommand(program);
  registerDncCommand(program);
  registerPricingCommand(program);
  registerSeedCommand(program);
  registerWorkerCommand(program);
  return program;
}

buildProgram().parseAsync(process.argv).catch(reportCliError);
