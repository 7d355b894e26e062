import { randomUUID } from 'node:crypto';
import { grantCredits, spendCredits } from '../../src/modules/billing/index.js';
import type { Queryable } from '../../src/platform/db/index.js';
import { type LeadFields, makeLead } from '../pricing/factories.js';

export interface ContactFields {
  name?: string | null;
  phones?: string[];
  emails?: string[];
}

/** A sellable lead with an owner's contact (defaults: a published Santa Fe FSBO house, one phone, one email). */
export async function makeLeadWithContact(
  db: Queryable,
  fields: LeadFields = {},
  contact: ContactFields = {},
): Promise<string> {
  const leadId = await makeLead(db, fields);
  await db.query('INSERT INTO contacts (lead_id, name, phones, emails) VALUES ($1, $2, $3, $4)', [
    leadId,
    contact.name === undefined ? 'Maria Lopez' : contact.name,
    contact.phones ?? ['+15055550142'],
    contact.emails ?? ['maria.lopez@example.com'],
  ]);
  return leadId;
}

/** Gives a user credits through the ledger (an admin grant), so balances always equal their entries. */
export async function giveCredits(db: Queryable, userId: string, amount: number): Promise<void> {
  await grantCredits(db, {
    userId,
    amount,
    kind: 'grant',
    description: 'test credits',
    reference: `test-grant:${randomUUID()}`,
  });
}

/**
 * A purchase written the way checkout writes one (a checkout row, the spend posted through the ledger with
 * reference `purchase:<id>`, the purchase row, a slot taken), for tests of what comes after buying. The
 * buyer must hold at least `credits`.
 */
export async function makePurchase(
  db: Queryable,
  input: { buyerId: string; leadId: string; credits?: number; exclusive?: boolean; at?: Date },
): Promise<{ purchaseId: string; spendTransactionId: number }> {
  const credits = input.credits ?? 10;
  const purchaseId = randomUUID();
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO checkouts (buyer_id, total_credits, item_count, created_at) VALUES ($1, $2, 1, $3) RETURNING id`,
      [input.buyerId, credits, input.at ?? new Date()],
    );
    const spent = await spendCredits(tx, {
      userId: input.buyerId,
      amount: credits,
      reference: `purchase:${purchaseId}`,
      description: 'Lead purchase (test)',
    });
    await tx.query(
      `INSERT INTO purchases (id, checkout_id, buyer_id, lead_id, exclusive, credits, price_version, receipt,
         spend_transaction_id, purchased_at)
       VALUES ($1, $2, $3, $4, $5, $6, 0, '{}', $7, $8)`,
      [
        purchaseId,
        rows[0]!.id,
        input.buyerId,
        input.leadId,
        input.exclusive ?? false,
        credits,
        spent.transactionId,
        input.at ?? new Date(),
      ],
    );
    await tx.query(
      `INSERT INTO lead_inventory (lead_id, max_buyers, holders, exclusive_holder)
       VALUES ($1, 3, CASE WHEN $2::boolean THEN 3 ELSE 1 END, CASE WHEN $2::boolean THEN $3::uuid END)
       ON CONFLICT (lead_id) DO UPDATE SET holders = lead_inventory.holders + 1, updated_at = now()`,
      [input.leadId, input.exclusive ?? false, input.buyerId],
    );
    return { purchaseId, spendTransactionId: spent.transactionId };
  });
}
