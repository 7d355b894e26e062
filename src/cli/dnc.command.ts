import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { DNC_LISTS, type DncList, importDncFile, scrubPhones, toE164 } from '../modules/quality/index.js';
import { CliError, withPlatform } from './context.js';
import { printSummary } from './progress.js';

// Every file is read before the database is touched, so a typo in the last path imports nothing.
async function readAll(files: string[]): Promise<{ file: string; text: string }[]> {
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new CliError(
          `cannot read DNC file ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
        );
      });
      return { file, text };
    }),
  );
}

async function runImport(files: string[], list: DncList): Promise<void> {
  const inputs = await readAll(files);
  await withPlatform({}, async (platform) => {
    const total = { read: 0, added: 0, duplicate: 0, rejected: 0 };
    for (const { file, text } of inputs) {
      const result = await importDncFile(platform.db, { list, fileName: path.basename(file), text });
      for (const bad of result.rejected)
        console.error(`${file}:${bad.line}: not a US phone number: ${bad.text}`);
      if (result.rowsRejected > result.rejected.length) {
        console.error(`${file}: … and ${result.rowsRejected - result.rejected.length} more bad lines`);
      }
      console.log(
        `${file}: read ${result.rowsRead}, added ${result.rowsAdded}, already listed ${result.rowsDuplicate}, ` +
          `rejected ${result.rowsRejected}${result.areaCodes.length > 0 ? ` (area codes ${result.areaCodes.join(' ')})` : ''}`,
      );
      total.read += result.rowsRead;
      total.added += result.rowsAdded;
      total.duplicate += result.rowsDuplicate;
      total.rejected += result.rowsRejected;
    }
    printSummary(`Imported ${inputs.length} file(s) into the ${list} list:`, [
      ['lines read', total.read],
      ['numbers added', total.added],
      ['already listed', total.duplicate],
      ['lines rejected', total.rejected],
    ]);
  });
}

async function runCheck(phones: string[]): Promise<void> {
  await withPlatform({}, async (platform) => {
    const normalized = phones.map((raw) => ({ raw, e164: toE164(raw) }));
    const valid = normalized.flatMap((entry) => (entry.e164 ? [entry.e164] : []));
    const scrub = await scrubPhones(platform.db, valid, new Date());
    for (const { raw, e164 } of normalized) {
      const listing = scrub.listed.find((entry) => entry.phone === e164);
      let verdict: string;
      if (!e164) verdict = 'not a phone number';
      else if (scrub.unchecked.includes(e164)) verdict = `${e164}  not checkable (outside the US/NANP)`;
      else if (listing) verdict = `${e164}  LISTED: ${listing.lists.join(', ')}`;
      else verdict = `${e164}  not listed`;
      console.log(`${raw}: ${verdict}`);
    }
  });
}

/** `aiqleads dnc import --list national|internal <file…>` and `aiqleads dnc check <phone…>`. */
export function registerDncCommand(program: Command): void {
  const dnc = program.command('dnc').description('Do-Not-Call lists: import data files, check numbers');
  dnc
    .command('import')
    .description('import DNC data files (one 10-digit number a line); bad lines are counted and listed')
    .addOption(
      new Option('-l, --list <list>', 'which list the files belong to')
        .choices(DNC_LISTS)
        .makeOptionMandatory(),
    )
    .argument('<files...>', 'data files, e.g. one per area code from the National DNC Registry')
    .action((files: string[], options: { list: DncList }) => runImport(files, options.list));
  dnc
    .command('check')
    .description('say whether each number is on a DNC list, and which (writes nothing)')
    .argument('<phones...>', 'phone numbers, e.g. 505-555-0142 or +15055550142')
    .action((phones: string[]) => runCheck(phones));
}
