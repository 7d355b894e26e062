import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_DATABASE_URL } from '../support/test-platform.js';

const BIN = path.resolve('bin/aiqleads.js');
const dataDir = mkdtempSync(path.join(tmpdir(), 'aiq-cli-'));

function cli(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _db, REDIS_URL: _redis, LOG_LEVEL: _level, ...base } = process.env;
  return spawnSync(process.execPath, [BIN, ...args], {
    env: { ...base, DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('aiqleads CLI', () => {
  it('prints help listing its commands', () => {
    const run = cli(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Usage: aiqleads/);
    expect(run.stdout).toMatch(/migrate/);
  });

  it('refuses a bad setting with one line naming the variable and exit code 1', () => {
    const run = cli(['migrate'], { PORT: 'eighty' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('aiqleads: Invalid configuration: PORT must be integer (got "eighty")');
  });

  it('says in one line when PostgreSQL cannot be reached', () => {
    const run = cli(['migrate'], { DATABASE_URL: 'postgres://root@127.0.0.1:1/test' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^aiqleads: cannot connect to PostgreSQL at DATABASE_URL: .*ECONNREFUSED/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an unknown command', () => {
    const run = cli(['frobnicate']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('migrates the configured database, then finds it up to date', async () => {
    const schema = `t_cli_${randomBytes(4).toString('hex')}`;
    const env: Record<string, string> = TEST_DATABASE_URL
      ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema }
      : { DATABASE_SCHEMA: schema };
    try {
      const first = cli(['migrate'], env);
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/Applied \d+ migration\(s\) to (pglite|postgres):\n\s+0001_core/);
      const second = cli(['migrate'], env);
      expect(second.stdout).toMatch(/is up to date/);
    } finally {
      if (TEST_DATABASE_URL) await (await openTestDatabase('postgres', schema)).close();
    }
  });
});
