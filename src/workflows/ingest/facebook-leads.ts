import { Type } from 'typebox';
import type { Config } from '../../config.js';
import { FACEBOOK_SOURCE, type LeadgenEvent } from '../../modules/sources/index.js';
import type { Queryable } from '../../platform/db/index.js';
import type { GuardedFetch } from '../../platform/fetch/index.js';
import { defineJob, type JobRunner } from '../../platform/jobs/index.js';
import { type IngestDeps, ingestPayload } from './ingest-payload.js';

/** Fetch one Lead Ads lead from the Graph API and ingest it. */
export const facebookLeadJob = defineJob({
  name: 'facebook-fetch-lead',
  payload: Type.Object({
    leadgen_id: Type.String({ pattern: '^[0-9]+$' }),
    form_id: Type.String(),
    page_id: Type.String(),
    ad_id: Type.Union([Type.String(), Type.Null()]),
    created_time: Type.Union([Type.String(), Type.Null()]),
  }),
  retryLimit: 5,
  retryDelaySeconds: 30,
  retryBackoff: true,
  policy: 'stately',
});

const LEAD_FIELDS = 'id,created_time,ad_id,form_id,field_data,custom_disclaimer_responses';

/**
 * Enqueues a lead fetch per webhook event in the caller's transaction. Meta redelivers webhooks: a lead
 * already stored is not fetched again, and one queued is not queued twice (the queue is `stately`).
 */
export async function enqueueLeadFetches(
  jobs: JobRunner,
  tx: Queryable,
  events: LeadgenEvent[],
): Promise<number> {
  const stored = await storedLeadIds(
    tx,
    events.map((event) => event.leadgen_id),
  );
  for (const event of events) {
    if (stored.has(event.leadgen_id)) continue;
    await jobs.enqueue(
      facebookLeadJob,
      {
        leadgen_id: event.leadgen_id,
        form_id: event.form_id,
        page_id: event.page_id,
        ad_id: event.ad_id,
        created_time: event.created_time,
      },
      { tx, singletonKey: `facebook-lead:${event.leadgen_id}` },
    );
  }
  return events.length;
}

/** The leadgen ids among these whose lead is already stored. */
async function storedLeadIds(db: Queryable, leadgenIds: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ external_id: string }>(
    `SELECT external_id FROM raw_records WHERE source_id = $1 AND external_id = ANY($2::text[])`,
    [FACEBOOK_SOURCE, leadgenIds],
  );
  return new Set(rows.map((row) => row.external_id));
}

/** A Graph API answer that should be retried later (the job runner backs off). */
export class GraphFetchError extends Error {
  override name = 'GraphFetchError';
}

/** Registers the Graph lead fetch; the access token goes in a header so it never lands in stored URLs. */
export function registerFacebookJobs(
  jobs: JobRunner,
  deps: IngestDeps & { fetch: GuardedFetch; config: Config },
): void {
  jobs.register(facebookLeadJob, async (event) => {
    const token = deps.config.FACEBOOK_ACCESS_TOKEN;
    if (!token) throw new GraphFetchError('FACEBOOK_ACCESS_TOKEN is not set: cannot fetch leads');
    // A redelivery can queue a second fetch while the first is running; once stored, it has nothing to do.
    if ((await storedLeadIds(deps.db, [event.leadgen_id])).size > 0) return;
    const url = `${deps.config.FACEBOOK_GRAPH_URL.replace(/\/$/, '')}/${event.leadgen_id}?fields=${LEAD_FIELDS}`;
    const response = await deps.fetch.fetch({
      url,
      source: FACEBOOK_SOURCE,
      kind: 'api',
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new GraphFetchError(`Graph API ${response.kind}: ${response.detail}`);
    const result = await ingestPayload(deps, {
      sourceId: FACEBOOK_SOURCE,
      payload: response.body,
      externalId: event.leadgen_id,
      url: null,
      contentType: 'application/json',
      httpStatus: response.status,
      fetchMeta: {
        channel: 'facebook_leadads',
        form_id: event.form_id,
        page_id: event.page_id,
        ad_id: event.ad_id,
      },
    });
    if (result.status === 'failed')
      deps.log.warn({ rawRecordId: result.rawRecordId, reason: result.reason }, 'facebook lead not ingested');
  });
}
