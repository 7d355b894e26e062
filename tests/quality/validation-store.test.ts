import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createContactValidator,
  saveContactValidation,
  type ValidationSettings,
} from '../../src/modules/quality/index.js';
import { createMemoryCache } from '../../src/platform/cache/index.js';
import { type Database, migrate } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { openTestDatabase } from '../support/test-platform.js';

// contacts.validation / validated_at (migration 0009) on the real database.
const SETTINGS: ValidationSettings = {
  EMAIL_MX_CHECK: false,
  EMAIL_DNS_SERVERS: '',
  EMAIL_MX_TIMEOUT_MS: 1000,
  VALIDATION_CACHE_TTL_SECONDS: 3600,
  VALIDATION_CONCURRENCY: 8,
};

describe('saving a contact validation', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
    await migrate(db, createLogger({ level: 'silent' }));
  });
  afterAll(() => db.close());

  async function makeLeadWithContact(): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO leads (listing_type) VALUES ('fsbo_sale') RETURNING id`,
    );
    await db.query(`INSERT INTO contacts (lead_id, phones, emails) VALUES ($1, $2::text[], $3::text[])`, [
      rows[0]!.id,
      ['+15058421234'],
      ['pat.example@gmail.com'],
    ]);
    return rows[0]!.id;
  }

  it('stores the result and its date on the contact, inside the caller transaction', async () => {
    const leadId = await makeLeadWithContact();
    const validator = createContactValidator({
      cache: createMemoryCache(),
      registry: new Registry(),
      config: SETTINGS,
    });
    const validation = await validator.validateContact({
      phones: ['+15058421234'],
      emails: ['pat.example@gmail.com'],
    });
    const at = new Date('2026-06-01T10:00:00.000Z');
    await db.transaction(async (tx) => {
      expect(await saveContactValidation(tx, leadId, validation, at)).toBe(true);
    });
    const { rows } = await db.query<{ validation: unknown; validated_at: Date }>(
      'SELECT validation, validated_at FROM contacts WHERE lead_id = $1',
      [leadId],
    );
    expect(rows[0]!.validation).toEqual(validation);
    expect(new Date(rows[0]!.validated_at).toISOString()).toBe(at.toISOString());
  });

  it('reports a lead without a contact, and a rolled-back transaction leaves nothing', async () => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO leads (listing_type) VALUES ('fsbo_sale') RETURNING id`,
    );
    expect(await saveContactValidation(db, rows[0]!.id, { phones: [], emails: [] })).toBe(false);
    const leadId = await makeLeadWithContact();
    await expect(
      db.transaction(async (tx) => {
        await saveContactValidation(tx, leadId, { phones: [], emails: [] });
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    const saved = await db.query('SELECT 1 FROM contacts WHERE lead_id = $1 AND validation IS NOT NULL', [
      leadId,
    ]);
    expect(saved.rows).toHaveLength(0);
  });

  it('refuses a validation without its date, or one that is not the stored shape', async () => {
    const leadId = await makeLeadWithContact();
    await expect(
      db.query(`UPDATE contacts SET validation = '{"phones":[],"emails":[]}' WHERE lead_id = $1`, [leadId]),
    ).rejects.toThrow(/contacts_validation_dated/);
    await expect(
      db.query(`UPDATE contacts SET validation = '{"phones":{}}', validated_at = now() WHERE lead_id = $1`, [
        leadId,
      ]),
    ).rejects.toThrow(/check constraint/);
  });
});
