import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/platform/platform.js';
import { createTestPlatform } from '../support/test-platform.js';

// What migrations/0007_accounts.sql promises, checked by the database itself rather than by code.
describe('accounts schema', () => {
  let platform: Platform;
  let userId: string;

  beforeAll(async () => {
    platform = await createTestPlatform();
    const { rows } = await platform.db.query<{ id: string }>(
      `INSERT INTO users (email) VALUES ('schema@example.com') RETURNING id`,
    );
    userId = rows[0]!.id;
  });
  afterAll(async () => {
    await platform.close();
  });

  it('stores only 32-byte digests for session tokens and API keys', async () => {
    await expect(
      platform.db.query(
        `INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ($1, convert_to('aiqs_plain', 'UTF8'), now() + interval '1 hour')`,
        [userId],
      ),
    ).rejects.toThrow(/check constraint/);
    await expect(
      platform.db.query(
        `INSERT INTO api_keys (user_id, name, prefix, key_hash) VALUES ($1, 'k', '0123456789ab', convert_to('aiq_plain', 'UTF8'))`,
        [userId],
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('refuses a session that expires before it starts', async () => {
    await expect(
      platform.db.query(
        `INSERT INTO sessions (user_id, token_hash, expires_at) VALUES ($1, sha256('x'::bytea), now() - interval '1 second')`,
        [userId],
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('lets a user belong to one team only', async () => {
    const { rows } = await platform.db.query<{ id: string }>(
      `INSERT INTO teams (name) VALUES ('North'), ('South') RETURNING id`,
    );
    await platform.db.query(`INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, 'owner')`, [
      rows[0]!.id,
      userId,
    ]);
    await expect(
      platform.db.query('INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)', [rows[1]!.id, userId]),
    ).rejects.toThrow(/team_members_one_team|duplicate key/);
  });
});
