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
