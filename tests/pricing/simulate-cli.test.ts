import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/aiqleads.js');
const dir = mkdtempSync(path.join(tmpdir(), 'aiq-pricing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function simulate(...args: string[]) {
  // No database: an unreachable DATABASE_URL proves the simulator never opens one.
  const env = { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: '' };
  return spawnSync(process.execPath, [BIN, 'pricing', 'simulate', ...args], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('aiqleads pricing simulate', () => {
  it.each(['zip-surge', 'lead-ages-a-month', 'sold-two-of-three'])(
    'replays %s and prints a table',
    (name) => {
      const run = simulate('--scenario', `fixtures/pricing/${name}.json`);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toMatch(/^Scenario: /);
      expect(lines.find((line) => line.startsWith('#'))).toMatch(/step.*quality.*fresh.*demand.*excl.*price/);
      expect(lines.filter((line) => /^\d+\s/.test(line)).length).toBeGreaterThanOrEqual(4);
    },
  );

  it('prints JSON lines with full receipts on --json', () => {
    const run = simulate('--scenario', 'fixtures/pricing/zip-surge.json', '--json');
    expect(run.status).toBe(0);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({
      step: 'start',
      credits: expect.any(Number),
      receipt: { version: 'pricing-v1' },
    });
  });

  it.each([
    ['a missing file', null, /cannot read scenario .*: no such file/],
    ['broken JSON', '{"name": ', /is not valid JSON/],
    [
      'a bad step',
      JSON.stringify({
        name: 'x',
        start: '2026-06-01T00:00:00Z',
        lead: { listing_type: 'fsbo_sale' },
        market: { baseline_daily: {} },
        steps: [{ label: 'x', demand: { views: 'many' } }],
      }),
      /is invalid: \/steps\/0\/demand\/views/,
    ],
  ])('refuses %s with a readable message and exit 1', (_name, content, message) => {
    const file = path.join(dir, `${_name.replace(/\W/g, '-')}.json`);
    if (content !== null) writeFileSync(file, content);
    const run = simulate('--scenario', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^aiqleads: /);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
