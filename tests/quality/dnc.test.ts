import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DncScrub,
  importDncFile,
  isScrubStale,
  listStaleScrubs,
  removeDncNumbers,
  scrubLeadContact,
  scrubPhones,
} from '../../src/modules/quality/dnc/index.js';
import { type Database, migrate } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { openTestDatabase, TEST_DATABASE_URL } from '../support/test-platform.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

// Fictional numbers only (555-01xx). Line numbers matter: bad lines are reported by them.
const NATIONAL_FILE = [
  '5055550142', // 1
  '5055550143', // 2
  '', // 3
  '   ', // 4
  '505555014', // 5: nine digits
  'not a number', // 6
  '(212) 555-0100', // 7
  '5055550142', // 8: repeated in the file
  '0125550100', // 9: area code can't start with 0
  '', // trailing newline
].join('\r\n');

let db: Database;

async function makeLeadWithContact(phones: string[], dnc: DncScrub | null = null): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO leads (listing_type) VALUES ('fsbo_sale') RETURNING id`,
  );
  const leadId = rows[0]!.id;
  await db.query('INSERT INTO contacts (lead_id, name, phones, dnc) VALUES ($1, $2, $3::text[], $4::jsonb)', [
    leadId,
    'Pat Example',
    phones,
    dnc ? JSON.stringify(dnc) : null,
  ]);
  return leadId;
}

const scrubAt = (date: Date, checked: string[]): DncScrub => ({
  scrubbed_at: date.toISOString(),
  listed: [],
  checked,
  unchecked: [],
});

beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db, createLogger({ level: 'silent' }));
});
afterAll(() => db.close());

describe('DNC lists and scrubbing', () => {
  it('imports a data file with exact counts: CRLF, blank and bad lines never crash it', async () => {
    const result = await importDncFile(db, { list: 'national', fileName: 'NM-505.txt', text: NATIONAL_FILE });
    expect(result).toMatchObject({
      fileName: 'NM-505.txt',
      list: 'national',
      areaCodes: ['212', '505'],
      rowsRead: 7,
      rowsAdded: 3,
      rowsRejected: 3,
      rowsDuplicate: 1,
      rejected: [
        { line: 5, text: '505555014' },
        { line: 6, text: 'not a number' },
        { line: 9, text: '0125550100' },
      ],
    });
    const { rows } = await db.query(
      'SELECT list, file_name, area_codes, rows_read, rows_added, rows_rejected FROM dnc_imports WHERE id = $1',
      [result.importId],
    );
    expect(rows).toEqual([
      {
        list: 'national',
        file_name: 'NM-505.txt',
        area_codes: ['212', '505'],
        rows_read: 7,
        rows_added: 3,
        rows_rejected: 3,
      },
    ]);
    const numbers = await db.query<{ phone10: string }>(
      'SELECT phone10 FROM dnc_numbers WHERE import_id = $1 ORDER BY phone10',
      [result.importId],
    );
    expect(numbers.rows.map((row) => row.phone10)).toEqual(['2125550100', '5055550142', '5055550143']);
  });

  it('re-importing the same file adds nothing but is still recorded', async () => {
    const again = await importDncFile(db, { list: 'national', fileName: 'NM-505.txt', text: NATIONAL_FILE });
    expect(again).toMatchObject({ rowsRead: 7, rowsAdded: 0, rowsRejected: 3, rowsDuplicate: 4 });
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dnc_numbers');
    expect(rows[0]!.n).toBe(3);
  });

  it('imports more than one batch (5,000) in one file', async () => {
    // 6,000 numbers 505-556-0000 … 505-556-5999 (fictional: a test-only exchange).
    const text = Array.from({ length: 6000 }, (_, i) => `505556${String(i).padStart(4, '0')}`).join('\n');
    const result = await importDncFile(db, { list: 'national', fileName: 'bulk.txt', text });
    expect(result).toMatchObject({ rowsRead: 6000, rowsAdded: 6000, rowsRejected: 0 });
    expect((await removeDncNumbers(db, 'national', text.split('\n'))).removed).toBe(6000);
  });

  it('finds listed numbers with every list they are on and leaves the others unlisted', async () => {
    const internal = await importDncFile(db, {
      list: 'internal',
      fileName: 'opt-outs.txt',
      text: '505-555-0142\n+1 505 555 0144\n',
    });
    expect(internal).toMatchObject({ rowsRead: 2, rowsAdded: 2, rowsRejected: 0 });

    const scrub = await scrubPhones(
      db,
      ['+15055550142', '+15055550143', '+15055550144', '+15055550199', '+442071838750', '+15055550142'],
      NOW,
    );
    expect(scrub).toEqual({
      scrubbed_at: NOW.toISOString(),
      listed: [
        { phone: '+15055550142', lists: ['internal', 'national'] },
        { phone: '+15055550143', lists: ['national'] },
        { phone: '+15055550144', lists: ['internal'] },
      ],
      checked: ['+15055550142', '+15055550143', '+15055550144', '+15055550199'],
      unchecked: ['+442071838750'],
    });
  });

  it('removes numbers from one list only, and reports input it cannot read', async () => {
    const removed = await removeDncNumbers(db, 'internal', ['5055550142', '+1 505 555 0144', 'garbage']);
    expect(removed).toEqual({ removed: 2, rejected: ['garbage'] });
    const scrub = await scrubPhones(db, ['+15055550142', '+15055550144'], NOW);
    expect(scrub.listed).toEqual([{ phone: '+15055550142', lists: ['national'] }]);
    expect((await removeDncNumbers(db, 'internal', ['5055550142'])).removed).toBe(0);
  });

  it('scrubs a lead contact and stores the result on it', async () => {
    const leadId = await makeLeadWithContact(['+15055550143', '+15055550150']);
    const scrub = await scrubLeadContact(db, leadId, NOW);
    expect(scrub?.listed).toEqual([{ phone: '+15055550143', lists: ['national'] }]);
    const { rows } = await db.query<{ dnc: DncScrub }>('SELECT dnc FROM contacts WHERE lead_id = $1', [
      leadId,
    ]);
    expect(rows[0]!.dnc).toEqual(scrub);
    expect(await scrubLeadContact(db, '00000000-0000-4000-8000-000000000000', NOW)).toBeNull();
    // The ingest flow calls it inside its own transaction (it then runs in a savepoint).
    const later = new Date(NOW.getTime() + 1000);
    const inTx = await db.transaction((tx) => scrubLeadContact(tx, leadId, later));
    expect(inTx?.scrubbed_at).toBe(later.toISOString());
  });

  it('calls a scrub stale after 31 days: 30 days fresh, 31 fresh, 32 stale, none stale', () => {
    expect(isScrubStale(scrubAt(daysBefore(30), []), NOW)).toBe(false);
    expect(isScrubStale(scrubAt(daysBefore(31), []), NOW)).toBe(false);
    expect(isScrubStale(scrubAt(daysBefore(32), []), NOW)).toBe(true);
    expect(isScrubStale(null, NOW)).toBe(true);
  });

  it('lists contacts to re-scrub: never scrubbed, stale, or with a phone the scrub missed', async () => {
    // The contact scrubbed in the test above is fresh at NOW and covers its phones: it must not appear.
    const never = await makeLeadWithContact(['+15055550160']);
    await makeLeadWithContact(['+15055550161'], scrubAt(daysBefore(30), ['+15055550161']));
    const stale = await makeLeadWithContact(['+15055550162'], scrubAt(daysBefore(32), ['+15055550162']));
    const changed = await makeLeadWithContact(
      ['+15055550163', '+15055550164'],
      scrubAt(daysBefore(1), ['+15055550163']),
    );
    await makeLeadWithContact([]);
    expect(await listStaleScrubs(db, NOW, 100)).toEqual([never, stale, changed]);
    expect(await listStaleScrubs(db, NOW, 1)).toEqual([never]);

    await scrubLeadContact(db, changed, NOW);
    expect(await listStaleScrubs(db, NOW, 100)).toEqual([never, stale]);
  });
});

describe('aiqleads dnc', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aiq-dnc-'));
  const schema = `t_dnc_cli_${randomBytes(4).toString('hex')}`;
  // The CLI opens its own database: a schema of its own on PostgreSQL, an embedded one in `dir` otherwise.
  const env: Record<string, string> = {
    DATA_DIR: dir,
    DATABASE_SCHEMA: schema,
    ...(TEST_DATABASE_URL ? { DATABASE_URL: TEST_DATABASE_URL } : {}),
  };
  const cli = (args: string[]) => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, LOG_LEVEL: _level, ...base } = process.env;
    return spawnSync(process.execPath, [path.resolve('bin/aiqleads.js'), 'dnc', ...args], {
      env: { ...base, ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
  };
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (TEST_DATABASE_URL) await (await openTestDatabase('postgres', schema)).close();
  });

  it('refuses a missing file in one readable line, exit 1, before importing anything', () => {
    const run = cli(['import', '--list', 'national', path.join(dir, 'absent.txt')]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `aiqleads: cannot read DNC file ${path.join(dir, 'absent.txt')}: no such file`,
    );
  });

  it('imports files with per-file counts and a total, then checks numbers', () => {
    const file = path.join(dir, '505.txt');
    writeFileSync(file, '5055550170\r\nbad\r\n5055550171\r\n');
    const imported = cli(['import', '--list', 'internal', file]);
    expect(imported.stderr).toBe(`${file}:2: not a US phone number: bad\n`);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain(
      `${file}: read 3, added 2, already listed 0, rejected 1 (area codes 505)`,
    );
    expect(imported.stdout).toMatch(/numbers added\s+2\n/);

    const checked = cli(['check', '505-555-0170', '+15055550172', '+442071838750', 'call me']);
    expect(checked.stderr).toBe('');
    expect(checked.stdout.trim().split('\n')).toEqual([
      '505-555-0170: +15055550170  LISTED: internal',
      '+15055550172: +15055550172  not listed',
      '+442071838750: +442071838750  not checkable (outside the US/NANP)',
      'call me: not a phone number',
    ]);
  }, 240_000);
});
