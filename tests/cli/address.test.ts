import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/aiqleads.js');

function address(input: string) {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
  const run = spawnSync(process.execPath, [BIN, 'address'], {
    input,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const lines = run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { run, lines };
}

describe('aiqleads address', () => {
  it('prints one JSON line per address, USPS-standard, skipping empty lines', () => {
    const { run, lines } = address(
      '123 1/2 n. Main Street Apt 4, Springfield, IL 62704-1234\n\n  \nPO Box 12, Austin TX 78701\n',
    );
    expect(run.status).toBe(0);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      input: '123 1/2 n. Main Street Apt 4, Springfield, IL 62704-1234',
      components: {
        number: '123 1/2',
        predirectional: 'N',
        street: 'MAIN',
        suffix: 'ST',
        postdirectional: null,
        unit_type: 'APT',
        unit: '4',
        city: 'SPRINGFIELD',
        state: 'IL',
        zip: '62704',
        zip4: '1234',
      },
      canonical: '123 1/2 N MAIN ST APT 4, SPRINGFIELD, IL 62704-1234',
    });
    expect(lines[1]?.canonical).toBe('PO BOX 12, AUSTIN, TX 78701');
  });

  it('reports an unparseable line with null components and an error, and carries on', () => {
    const { run, lines } = address('just some words\n500 W Madison St, Chicago, IL 60661\n');
    expect(run.status).toBe(0);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ input: 'just some words', canonical: null, error: expect.any(String) });
    expect(Object.values(lines[0]?.components as object).every((value) => value === null)).toBe(true);
    expect(lines[1]?.canonical).toBe('500 W MADISON ST, CHICAGO, IL 60661');
  });

  it('never opens the database: works with an unreachable DATABASE_URL', () => {
    const run = spawnSync(process.execPath, [BIN, 'address'], {
      input: '1 Main St\n',
      env: { ...process.env, DATABASE_URL: 'postgres://root@127.0.0.1:1/none' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).canonical).toBe('1 MAIN ST');
  });
});
