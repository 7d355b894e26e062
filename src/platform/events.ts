import type { Queryable } from './db/index.js';

export interface DomainEvent {
  /** `<aggregate>.<what happened>`, e.g. `lead.created`. */
  type: string;
  aggregateType: string;
  aggregateId: string;
  actorId?: string | null;
  payload?: Record<string, unknown>;
}

/** Appends a domain event in the caller's transaction, so it exists only if the change it reports does. */
export async function appendEvent(db: Queryable, event: DomainEvent): Promise<void> {
  await db.query(
    `INSERT INTO events (type, aggregate_type, aggregate_id, actor_id, payload) VALUES ($1, $2, $3, $4, $5)`,
    [
      event.type,
      event.aggregateType,
      event.aggregateId,
      event.actorId ?? null,
      JSON.stringify(event.payload ?? {}),
    ],
  );
}
