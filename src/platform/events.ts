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

/** appendEvent for many events in one statement (the ingest pipeline writes a batch's events at once). */
export async function appendEvents(db: Queryable, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => ({
    type: event.type,
    aggregate_type: event.aggregateType,
    aggregate_id: event.aggregateId,
    actor_id: event.actorId ?? null,
    payload: event.payload ?? {},
  }));
  await db.query(
    `INSERT INTO events (type, aggregate_type, aggregate_id, actor_id, payload)
     SELECT r.type, r.aggregate_type, r.aggregate_id, r.actor_id, r.payload
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb)
              AS (type text, aggregate_type text, aggregate_id text, actor_id uuid, payload jsonb))
            WITH ORDINALITY AS r(type, aggregate_type, aggregate_id, actor_id, payload, n)
      ORDER BY r.n`,
    [JSON.stringify(rows)],
  );
}
