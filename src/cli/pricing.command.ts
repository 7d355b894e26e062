import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConfigError, loadConfig, loadDotEnv } from '../config.js';
import {
  defaultPricingRules,
  parseScenario,
  renderSimulation,
  ScenarioError,
  simulateScenario,
} from '../modules/pricing/index.js';
import { CliError } from './context.js';

/** Reads and validates a scenario file, turning every way it can be wrong into one readable line. */
async function loadScenario(file: string) {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `cannot read scenario ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
    );
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliError(`scenario ${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return parseScenario(data);
  } catch (error) {
    if (error instanceof ScenarioError) throw new CliError(`scenario ${file} is invalid: ${error.message}`);
    throw error;
  }
}

// Offline on purpose: the pure engine with the configured rules, no database, so pricing changes can be
// tried on a laptop before they ship.
async function runSimulate(options: { scenario: string; json?: boolean }): Promise<void> {
  const scenario = await loadScenario(options.scenario);
  loadDotEnv();
  let rules: ReturnType<typeof defaultPricingRules>;
  try {
    rules = defaultPricingRules(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  const rows = simulateScenario(scenario, rules);
  if (options.json) {
    for (const row of rows)
      console.log(JSON.stringify({ step: row.step, day: row.day, holders: row.holders, ...row.result }));
    return;
  }
  console.log(renderSimulation(scenario, rows));
}

/** `aiqleads pricing simulate --scenario <file>`: replays a demand scenario and prints how prices move. */
export function registerPricingCommand(program: Command): void {
  const pricing = program.command('pricing').description('Dynamic pricing tools');
  pricing
    .command('simulate')
    .description(
      'replay a demand scenario (JSON) through the pricing engine and print each step (no database)',
    )
    .requiredOption('-s, --scenario <file>', 'scenario file, e.g. fixtures/pricing/zip-surge.json')
    .option('--json', 'print one JSON line per step with the full receipt instead of a table')
    .action((options: { scenario: string; json?: boolean }) => runSimulate(options));
}
