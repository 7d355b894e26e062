import type { Queryable } from '../../../platform/db/index.js';
import type { ContactValidation } from './validation.schemas.js';

/**
 * Stores a contact's validation result and when it ran; false when the lead has no contact. Pass the
 * caller's transaction so the result lands with the contact it describes.
 */
export async function saveContactValidation(
  tx: Queryable,
  leadId: string,
  validation: ContactValidation,
  validatedAt: Date = new Date(),
): Promise<boolean> {
  const { rowCount } = await tx.query(
    'UPDATE contacts SET validation = $2::jsonb, validated_at = $3 WHERE lead_id = $1',
    [leadId, JSON.stringify(validation), validatedAt.toISOString()],
  );
  return rowCount > 0;
}

/** Contacts' current phones and emails by lead (what a validation must cover). */
export async function findContactValues(
  tx: Queryable,
  leadIds: readonly string[],
): Promise<Map<string, { phones: string[]; emails: string[] }>> {
  if (leadIds.length === 0) return new Map();
  const { rows } = await tx.query<{ lead_id: string; phones: string[]; emails: string[] }>(
    'SELECT lead_id, phones, emails FROM contacts WHERE lead_id = ANY($1::uuid[]) AND suppressed_at IS NULL',
    [leadIds],
  );
  return new Map(rows.map((row) => [row.lead_id, { phones: row.phones, emails: row.emails }]));
}

/** saveContactValidation for many contacts in one statement. */
export async function saveContactValidations(
  tx: Queryable,
  validations: ReadonlyMap<string, ContactValidation>,
  validatedAt: Date = new Date(),
): Promise<void> {
  if (validations.size === 0) return;
  const rows = [...validations].map(([leadId, validation]) => ({ lead_id: leadId, validation }));
  await tx.query(
    `UPDATE contacts SET validation = r.validation, validated_at = $2
       FROM jsonb_to_recordset($1::jsonb) AS r(lead_id uuid, validation jsonb)
      WHERE contacts.lead_id = r.lead_id`,
    [JSON.stringify(rows), validatedAt.toISOString()],
  );
}
