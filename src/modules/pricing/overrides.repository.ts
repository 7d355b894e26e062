import type { Queryable } from '../../platform/db/index.js';
import type { Market } from './demand.repository.js';
import type { OverridableFactor, PriceOverride } from './pricing.types.js';

/** An override row as stored, with who set it and when. */
export interface OverrideRow {
  id: number;
  target: 'lead' | 'market';
  lead_id: string | null;
  market_scope: Market['scope'] | null;
  area: string | null;
  kind: PriceOverride['kind'];
  factor: OverridableFactor | null;
  value: number;
  reason: string;
  created_by: string;
  created_at: Date;
  revoked_by: string | null;
  revoked_at: Date | null;
}

export interface OverrideInput {
  target: { leadId: string } | { market: Market };
  kind: PriceOverride['kind'];
  factor: OverridableFactor | null;
  value: number;
  reason: string;
  by: string;
}

/** Active overrides of the leads whose ids `ids` (a uuid[] expression) gives and of their ZIPs, cities and states. */
export const overridesOfLeadsSql = (ids: string) => `WITH markets AS (
     SELECT v.scope, v.area FROM leads l
     CROSS JOIN LATERAL (VALUES ('zip', l.zip), ('city', upper(l.city) || '|' || l.state), ('state', l.state))
       AS v (scope, area)
     WHERE l.id = ANY(${ids}) AND v.area IS NOT NULL
   )
   SELECT * FROM pricing_overrides
   WHERE revoked_at IS NULL AND (lead_id = ANY(${ids}) OR (market_scope, area) IN (SELECT * FROM markets))`;

/** Active overrides of the given leads and of their ZIPs, cities and states, in one statement. */
export async function activeOverridesOfLeads(
  db: Queryable,
  leadIds: readonly string[],
): Promise<OverrideRow[]> {
  const { rows } = await db.query<OverrideRow>(overridesOfLeadsSql('$1::uuid[]'), [leadIds]);
  return rows;
}

/** Every active override, newest first, plus the most recent revoked ones for context. */
export async function listOverrides(
  db: Queryable,
  includeRevoked: boolean,
  limit: number,
): Promise<OverrideRow[]> {
  const { rows } = await db.query<OverrideRow>(
    `SELECT * FROM pricing_overrides WHERE $1 OR revoked_at IS NULL ORDER BY id DESC LIMIT $2`,
    [includeRevoked, limit],
  );
  return rows;
}

/** Sets an override, revoking the active one for the same target and slot (price or the same factor). */
export async function replaceOverride(db: Queryable, input: OverrideInput): Promise<OverrideRow> {
  return db.transaction(async (tx) => {
    const leadId = 'leadId' in input.target ? input.target.leadId : null;
    const market = 'market' in input.target ? input.target.market : null;
    await tx.query(
      `UPDATE pricing_overrides SET revoked_at = now(), revoked_by = $5
       WHERE revoked_at IS NULL
         AND lead_id IS NOT DISTINCT FROM $1::uuid AND market_scope IS NOT DISTINCT FROM $2
         AND area IS NOT DISTINCT FROM $3
         AND (CASE WHEN kind = 'factor' THEN factor ELSE 'price' END) = $4`,
      [leadId, market?.scope ?? null, market?.area ?? null, input.factor ?? 'price', input.by],
    );
    const { rows } = await tx.query<OverrideRow>(
      `INSERT INTO pricing_overrides (target, lead_id, market_scope, area, kind, factor, value, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        leadId ? 'lead' : 'market',
        leadId,
        market?.scope ?? null,
        market?.area ?? null,
        input.kind,
        input.factor,
        input.value,
        input.reason,
        input.by,
      ],
    );
    return rows[0]!;
  });
}

/** Revokes one active override; null when there is no active override with that id. */
export async function revokeOverride(db: Queryable, id: number, by: string): Promise<OverrideRow | null> {
  const { rows } = await db.query<OverrideRow>(
    `UPDATE pricing_overrides SET revoked_at = now(), revoked_by = $2
     WHERE id = $1 AND revoked_at IS NULL RETURNING *`,
    [id, by],
  );
  return rows[0] ?? null;
}
