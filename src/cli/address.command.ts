import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { COMPONENT_KEYS, emptyComponents, parseUsAddress } from '../modules/quality/address/index.js';

/** One output line: the input, its components and canonical form, and `error` when it could not be parsed. */
function parseLine(input: string): Record<string, unknown> {
  try {
    const { components, canonical } = parseUsAddress(input);
    if (canonical === null) {
      return {
        input,
        components: emptyComponents(),
        canonical: null,
        error: 'no house number and street, or PO box, found',
      };
    }
    const ordered = Object.fromEntries(COMPONENT_KEYS.map((key) => [key, components[key]]));
    return { input, components: ordered, canonical };
  } catch (error) {
    // A parser bug on one odd line must not stop a batch: report it on that line and carry on.
    return { input, components: emptyComponents(), canonical: null, error: (error as Error).message };
  }
}

/** `aiqleads address`: one US address a line on stdin → one JSON line each with USPS-standard parts. */
export function registerAddressCommand(program: Command): void {
  program
    .command('address')
    .description('parse US addresses read one a line from stdin; print one JSON line each (no database)')
    .action(async () => {
      const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      for await (const raw of lines) {
        const input = raw.trim();
        if (input === '') continue;
        process.stdout.write(`${JSON.stringify(parseLine(input))}\n`);
      }
    });
}
