import { Type } from 'typebox';
import { type Config, ConfigError, listSetting } from '../../config.js';
import {
  buildLeadFormResponsesRequest,
  LINKEDIN_SOURCE,
  mapLeadFormResponses,
} from '../../modules/sources/index.js';
import type { Cache } from '../../platform/cache/index.js';
import type { Queryable } from '../../platform/db/index.js';
import type { GuardedFetch } from '../../platform/fetch/index.js';
import { defineJob, type JobRunner } from '../../platform/jobs/index.js';
import { type IngestDeps, ingestPayload } from './ingest-payload.js';

const AD_ACCOUNT = /^urn:li:sponsoredAccount:[0-9]+$/;

/** Polls one LinkedIn ad account for lead form responses submitted since its cursor. */
export const linkedInPollJob = defineJob({
  name: 'linkedin-poll',
  payload: Type.Object({ owner: Type.String({ pattern: AD_ACCOUNT.source }) }),
  retryLimit: 3,
  retryDelaySeconds: 60,
  retryBackoff: true,
  concurrency: 1,
});

export type LinkedInPollDeps = IngestDeps & {
  fetch: GuardedFetch;
  cache: Cache;
  config: Config;
  now?: () => number;
};

/** No token, or LinkedIn refused it (401/403): retrying will not help until the configuration changes. */
export class LinkedInAuthError extends Error {
  override name = 'LinkedInAuthError';
}

/** A LinkedIn answer worth retrying later (429, 5xx, network, an unexpected body); the job runner backs off. */
export class LinkedInFetchError extends Error {
  override name = 'LinkedInFetchError';
}

/** Where one ad account's poll stands: the time window's start, the page within it, the newest response. */
interface PollCursor {
  submittedAfter: number;
  start: number;
  newestSeen: number | null;
}

export interface LinkedInPollSummary {
  pages: number;
  responses: number;
  leadsCreated: number;
  leadsUpdated: number;
  cursor: PollCursor;
}

const FIRST_POLL_DAYS = 30;
// Bounds one job's run (LinkedIn's default page is 10 responses); the cursor resumes the rest next time.
const MAX_PAGES_PER_RUN = 50;
const FORM_TTL_SECONDS = 24 * 60 * 60;
const FORM_URN = /^urn:li:versionedLeadGenForm:\(urn:li:leadGenForm:(\d+),\d+\)$/;

// The source_cursors row of one ad account; it belongs in a sources repository once one exists.
async function readCursor(db: Queryable, owner: string, now: number): Promise<PollCursor> {
  const { rows } = await db.query<{ cursor: Partial<PollCursor> }>(
    'SELECT cursor FROM source_cursors WHERE source_id = $1 AND scope = $2',
    [LINKEDIN_SOURCE, owner],
  );
  const stored = rows[0]?.cursor;
  if (typeof stored?.submittedAfter !== 'number') {
    return { submittedAfter: now - FIRST_POLL_DAYS * 86_400_000, start: 0, newestSeen: null };
  }
  return {
    submittedAfter: stored.submittedAfter,
    start: typeof stored.start === 'number' ? stored.start : 0,
    newestSeen: typeof stored.newestSeen === 'number' ? stored.newestSeen : null,
  };
}

async function saveCursor(db: Queryable, owner: string, cursor: PollCursor): Promise<void> {
  await db.query(
    `INSERT INTO source_cursors (source_id, scope, cursor) VALUES ($1, $2, $3)
     ON CONFLICT (source_id, scope) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
    [LINKEDIN_SOURCE, owner, JSON.stringify(cursor)],
  );
}

/** GETs a LinkedIn JSON resource; 401/403 become LinkedInAuthError, anything else unusable a retry. */
async function getJson(
  deps: LinkedInPollDeps,
  url: string,
  headers: Record<string, string>,
  what: string,
): Promise<unknown> {
  const response = await deps.fetch.fetch({ url, source: LINKEDIN_SOURCE, kind: 'api', headers });
  if (!response.ok) {
    if (response.status === 401 || response.status === 403) {
      throw new LinkedInAuthError(
        `LinkedIn refused the access token for ${what} (HTTP ${response.status}): check LINKEDIN_ACCESS_TOKEN ` +
          'and that it grants r_marketing_leadgen_automation on the ad account',
      );
    }
    throw new LinkedInFetchError(`LinkedIn ${what}: ${response.kind} ${response.detail}`);
  }
  try {
    return JSON.parse(response.body);
  } catch {
    throw new LinkedInFetchError(`LinkedIn ${what}: the answer is not JSON`);
  }
}

/** The forms a page's responses answer, from the cache or `GET /leadForms/{id}` (kept a day). */
async function formsFor(
  deps: LinkedInPollDeps,
  elements: unknown[],
  rest: string,
  headers: Record<string, string>,
): Promise<unknown[]> {
  const ids = new Set<string>();
  for (const element of elements) {
    const urn = (element as { versionedLeadGenFormUrn?: unknown } | null)?.versionedLeadGenFormUrn;
    const id = typeof urn === 'string' ? FORM_URN.exec(urn)?.[1] : undefined;
    if (id) ids.add(id);
  }
  const forms: unknown[] = [];
  for (const id of ids) {
    const key = `linkedin:leadForm:${id}`;
    let form = await deps.cache.get<unknown>(key);
    if (form === undefined) {
      // A missing form fails the poll rather than dropping consented leads; the cursor waits for it.
      form = await getJson(deps, `${rest}/leadForms/${id}`, headers, `leadForms/${id}`);
      await deps.cache.set(key, form, FORM_TTL_SECONDS);
    }
    forms.push(form);
  }
  return forms;
}

/**
 * Polls one ad account from its cursor: each page of `leadFormResponses` is stored as one raw record
 * (the page with its forms) and ingested, each response a lead keyed by its id, then the cursor moves on.
 */
export async function pollLinkedInOwner(deps: LinkedInPollDeps, owner: string): Promise<LinkedInPollSummary> {
  const token = deps.config.LINKEDIN_ACCESS_TOKEN;
  if (!token)
    throw new LinkedInAuthError('LINKEDIN_ACCESS_TOKEN is not set: cannot poll LinkedIn lead forms');
  // LINKEDIN_API_URL is the REST root (…/rest); the request builder wants the origin it hangs /rest from.
  const origin = deps.config.LINKEDIN_API_URL.replace(/\/+$/, '').replace(/\/rest$/, '');
  const rest = `${origin}/rest`;
  let cursor = await readCursor(deps.db, owner, (deps.now ?? Date.now)());
  const summary: LinkedInPollSummary = { pages: 0, responses: 0, leadsCreated: 0, leadsUpdated: 0, cursor };
  for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
    const request = buildLeadFormResponsesRequest({
      owner,
      submittedAfter: cursor.submittedAfter,
      start: cursor.start,
      linkedInVersion: deps.config.LINKEDIN_VERSION,
      baseUrl: origin,
    });
    const headers = { ...request.headers, authorization: `Bearer ${token}` };
    const body = await getJson(deps, request.url, headers, 'leadFormResponses');
    const elements = (body as { elements?: unknown } | null)?.elements;
    if (!Array.isArray(elements))
      throw new LinkedInFetchError('LinkedIn leadFormResponses: no elements list');
    const forms = await formsFor(deps, elements, rest, headers);
    const mapped = elements.length > 0 ? mapLeadFormResponses(body, forms) : null;
    const result = await ingestPayload(deps, {
      sourceId: LINKEDIN_SOURCE,
      payload: JSON.stringify({ owner, request_url: request.url, responses: body, forms }),
      externalId: `leadFormResponses:${owner}:${cursor.submittedAfter}:${cursor.start}`,
      url: request.url,
      contentType: 'application/json',
      fetchMeta: { channel: 'linkedin_leadgen', owner, unmapped: mapped?.errors ?? [] },
    });
    if (result.status === 'failed' || result.status === 'skipped') {
      // Kept and replayable (reparse); a page that cannot be read must not stop the account's poll.
      deps.log.warn(
        { rawRecordId: result.rawRecordId, reason: result.reason, owner },
        'linkedin page not ingested',
      );
    }
    summary.pages++;
    summary.responses += elements.length;
    summary.leadsCreated += result.leads.filter((lead) => lead.change === 'created').length;
    summary.leadsUpdated += result.leads.filter((lead) => lead.change === 'updated').length;
    const submitted = elements
      .map((element) => (element as { submittedAt?: unknown } | null)?.submittedAt)
      .filter((at): at is number => typeof at === 'number' && Number.isSafeInteger(at));
    const newestSeen = Math.max(cursor.newestSeen ?? Number.NEGATIVE_INFINITY, ...submitted);
    const nextStart = mapped?.paging.nextStart ?? null;
    cursor =
      nextStart !== null && nextStart > cursor.start
        ? { ...cursor, start: nextStart, newestSeen: Number.isFinite(newestSeen) ? newestSeen : null }
        : {
            // The window restarts just after the newest response, so the next poll asks only for new ones.
            submittedAfter: Number.isFinite(newestSeen)
              ? Math.max(cursor.submittedAfter, newestSeen + 1)
              : cursor.submittedAfter,
            start: 0,
            newestSeen: null,
          };
    await saveCursor(deps.db, owner, cursor);
    summary.cursor = cursor;
    if (cursor.start === 0) break;
  }
  return summary;
}

/** Registers the poll job; the token travels in a header so it never lands in stored URLs. */
export function registerLinkedInJobs(jobs: JobRunner, deps: LinkedInPollDeps): void {
  jobs.register(linkedInPollJob, async ({ owner }) => {
    const summary = await pollLinkedInOwner(deps, owner);
    deps.log.info({ owner, ...summary }, 'linkedin poll done');
  });
}

/** One poll schedule per configured ad account (key = its URN); schedules of accounts no longer set go. */
export async function scheduleLinkedInPolls(
  jobs: JobRunner,
  deps: Pick<LinkedInPollDeps, 'config' | 'log'>,
): Promise<string[]> {
  const { config } = deps;
  const accounts = listSetting(config.LINKEDIN_AD_ACCOUNTS);
  const bad = accounts.find((owner) => !AD_ACCOUNT.test(owner));
  if (bad)
    throw new ConfigError(
      'LINKEDIN_AD_ACCOUNTS',
      `must list ad account URNs (urn:li:sponsoredAccount:N), got ${JSON.stringify(bad)}`,
    );
  if (accounts.length > 0 && !config.LINKEDIN_ACCESS_TOKEN) {
    deps.log.warn('LINKEDIN_AD_ACCOUNTS is set but LINKEDIN_ACCESS_TOKEN is not: LinkedIn is not polled');
  }
  const owners = config.LINKEDIN_ACCESS_TOKEN ? accounts : [];
  for (const owner of owners) {
    await jobs.schedule(linkedInPollJob, config.LINKEDIN_POLL_CRON, { owner }, { key: owner });
  }
  for (const stale of await jobs.listSchedules(linkedInPollJob)) {
    if (stale.key === null || !owners.includes(stale.key))
      await jobs.unschedule(linkedInPollJob, stale.key ?? undefined);
  }
  return owners;
}
