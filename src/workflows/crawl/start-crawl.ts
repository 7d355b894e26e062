import {
  adapterFor,
  type CrawlParams,
  type CrawlRun,
  type CrawlTrigger,
  createCrawlRun,
  queueCrawlPages,
  type SourceRegistry,
} from '../../modules/sources/index.js';
import type { Queryable } from '../../platform/db/index.js';

/** A crawl can't start: the source is unknown, not crawlable, disabled, or has nothing to crawl. */
export class CrawlNotStartedError extends Error {
  override name = 'CrawlNotStartedError';
}

export interface StartCrawlDeps {
  db: Queryable;
  sources: SourceRegistry;
  dispatch: (tx: Queryable, pageIds: number[]) => Promise<void>;
}

/** Creates a crawl run with its start pages queued (and dispatched) in one transaction. */
export async function startCrawl(
  deps: StartCrawlDeps,
  sourceId: string,
  trigger: CrawlTrigger,
  params: CrawlParams,
): Promise<CrawlRun> {
  const adapter = adapterFor(deps.sources, sourceId);
  if (!adapter.crawl)
    throw new CrawlNotStartedError(
      `source ${sourceId} is not crawled (it arrives by webhook, poll or upload)`,
    );
  const { rows } = await deps.db.query<{ enabled: boolean; settings: Record<string, unknown> }>(
    'SELECT enabled, settings FROM sources WHERE id = $1',
    [sourceId],
  );
  const source = rows[0];
  if (!source) throw new CrawlNotStartedError(`source ${sourceId} is not in the sources table`);
  if (!source.enabled) throw new CrawlNotStartedError(`source ${sourceId} is disabled`);
  const start = adapter.crawl.startUrls(source.settings, params);
  if (start.length === 0)
    throw new CrawlNotStartedError(`source ${sourceId} has no start URLs for these parameters`);
  return deps.db.transaction(async (tx) => {
    const run = await createCrawlRun(tx, sourceId, trigger, {
      ...params,
      maxPages: params.maxPages ?? 10_000,
    });
    const queued = [];
    for (const kind of ['search', 'listing'] as const) {
      const urls = start.filter((page) => page.kind === kind).map((page) => page.url);
      queued.push(...(await queueCrawlPages(tx, run.id, kind, urls)));
    }
    await deps.dispatch(
      tx,
      queued.map((page) => page.id),
    );
    return run;
  });
}
