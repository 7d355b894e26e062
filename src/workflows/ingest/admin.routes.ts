import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authHooks } from '../../modules/accounts/index.js';
import {
  crawlCounts,
  getCrawlRun,
  LeadCsvMapping,
  listCrawlPages,
  listCrawlRuns,
  listSourceStatus,
  UnknownSourceError,
} from '../../modules/sources/index.js';
import { AppError, NotFoundError } from '../../platform/http/errors.js';
import type { Platform } from '../../platform/platform.js';
import { CrawlNotStartedError, jobDispatch, startCrawl } from '../crawl/index.js';
import { importCsv } from './import-csv.js';
import { ingestDepsFor } from './ingest-deps.js';

const Uuid = Type.String({ format: 'uuid' });
const Counts = Type.Object({
  pages: Type.Integer(),
  queued: Type.Integer(),
  stored: Type.Integer(),
  parsed: Type.Integer(),
  skipped: Type.Integer(),
  failed: Type.Integer(),
  robots: Type.Integer(),
  blocked: Type.Integer(),
  unchanged: Type.Integer(),
  leads_created: Type.Integer(),
  leads_updated: Type.Integer(),
});
const Run = Type.Object({
  id: Uuid,
  source_id: Type.String(),
  trigger: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  status: Type.String(),
  error: Type.Union([Type.String(), Type.Null()]),
  started_at: Type.String({ format: 'date-time' }),
  finished_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  counts: Counts,
});
const Page = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  http_status: Type.Union([Type.Integer(), Type.Null()]),
  raw_record_id: Type.Union([Type.Integer(), Type.Null()]),
  leads_created: Type.Integer(),
  leads_updated: Type.Integer(),
  detail: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
});
const Source = Type.Object({
  id: Type.String(),
  name: Type.String(),
  channel: Type.String(),
  enabled: Type.Boolean(),
  last_record_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  last_run: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  records_24h: Type.Integer(),
  parsed_24h: Type.Integer(),
  skipped_24h: Type.Integer(),
  failed_24h: Type.Integer(),
  success_rate_24h: Type.Union([Type.Number(), Type.Null()]),
  breaker_state: Type.String(),
});
const ImportError = Type.Object({
  line: Type.Integer(),
  column: Type.Optional(Type.String()),
  reason: Type.String(),
});

/** Operator API for ingestion: source status, crawl runs, CSV imports. Admin users, or the ADMIN_TOKEN bearer. */
export function adminIngestionRoutes(platform: Platform): FastifyPluginAsyncTypebox {
  const deps = ingestDepsFor(platform);
  const { sources } = deps;
  return async (app) => {
    app.addHook('preHandler', authHooks(platform).requireAdmin);
    const secured = { tags: ['admin'], security: [{ bearerAuth: [] }] };

    app.get(
      '/v1/admin/sources',
      {
        schema: {
          ...secured,
          summary: 'Sources with status, success rate and breaker state',
          response: { 200: Type.Object({ items: Type.Array(Source) }) },
        },
      },
      async () => {
        const rows = await listSourceStatus(platform.db);
        return {
          items: rows.map((row) => ({
            ...row,
            last_record_at: row.last_record_at?.toISOString() ?? null,
            success_rate_24h:
              row.parsed_24h + row.failed_24h > 0 ? row.parsed_24h / (row.parsed_24h + row.failed_24h) : null,
            breaker_state: platform.fetch.breakerState(row.id),
          })),
        };
      },
    );

    app.post(
      '/v1/admin/crawls',
      {
        schema: {
          ...secured,
          summary: 'Start a crawl run (worked by the job workers)',
          body: Type.Object({
            source: Type.String(),
            sites: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9-]{1,40}$' }), { maxItems: 50 })),
            max_pages: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
          }),
          response: { 202: Run },
        },
      },
      async (request, reply) => {
        const { source, sites, max_pages } = request.body;
        try {
          const run = await startCrawl(
            { db: platform.db, sources, dispatch: jobDispatch(platform.jobs) },
            source,
            'api',
            {
              sites,
              maxPages: max_pages,
            },
          );
          return reply.status(202).send({ ...run, counts: await crawlCounts(platform.db, run.id) } as never);
        } catch (error) {
          if (error instanceof UnknownSourceError) throw new AppError('SOURCE_NOT_FOUND', error.message, 404);
          if (error instanceof CrawlNotStartedError)
            throw new AppError('CRAWL_NOT_STARTED', error.message, 409);
          throw error;
        }
      },
    );

    app.get(
      '/v1/admin/crawls',
      {
        schema: {
          ...secured,
          summary: 'Recent crawl runs',
          querystring: Type.Object({
            source: Type.Optional(Type.String()),
            limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          }),
          response: { 200: Type.Object({ items: Type.Array(Run) }) },
        },
      },
      async (request) => {
        const runs = await listCrawlRuns(platform.db, request.query.source ?? null, request.query.limit);
        const items = [];
        for (const run of runs) items.push({ ...run, counts: await crawlCounts(platform.db, run.id) });
        return { items } as never;
      },
    );

    app.get(
      '/v1/admin/crawls/:id',
      {
        schema: {
          ...secured,
          summary: 'A crawl run with its per-page outcomes',
          params: Type.Object({ id: Uuid }),
          querystring: Type.Object({
            after: Type.Integer({ minimum: 0, default: 0 }),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          }),
          response: {
            200: Type.Object({
              run: Run,
              pages: Type.Array(Page),
              next_after: Type.Union([Type.Integer(), Type.Null()]),
            }),
          },
        },
      },
      async (request) => {
        const run = await getCrawlRun(platform.db, request.params.id);
        if (!run) throw new NotFoundError('CRAWL_NOT_FOUND', `Crawl run ${request.params.id} does not exist`);
        const pages = await listCrawlPages(platform.db, run.id, request.query.after, request.query.limit);
        const last = pages.at(-1);
        return {
          run: { ...run, counts: await crawlCounts(platform.db, run.id) },
          pages,
          next_after: pages.length === request.query.limit && last ? last.id : null,
        } as never;
      },
    );

    app.post(
      '/v1/admin/imports',
      {
        schema: {
          ...secured,
          summary: 'Import leads from a CSV file with a column mapping (bad rows reported by line)',
          body: Type.Object({
            csv: Type.String({ minLength: 1, maxLength: 5 * 1024 * 1024 }),
            filename: Type.Optional(Type.String({ maxLength: 255 })),
            mapping: Type.Optional(LeadCsvMapping),
          }),
          response: {
            201: Type.Object({
              raw_record_id: Type.Integer(),
              already_imported: Type.Boolean(),
              rows_imported: Type.Integer(),
              leads_created: Type.Integer(),
              leads_updated: Type.Integer(),
              errors: Type.Array(ImportError),
            }),
          },
        },
      },
      async (request, reply) => reply.status(201).send(await importCsv(deps, request.body)),
    );
  };
}
