import { type LeadCsvMapping, parseLeadCsv, storeRawRecord } from '../../modules/sources/index.js';
import { AppError } from '../../platform/http/errors.js';
import type { IngestDeps } from './ingest-payload.js';
import { upsertListings } from './ingest-payload.js';

export interface CsvImportInput {
  csv: string;
  mapping?: LeadCsvMapping;
  filename?: string;
}

export interface CsvImportResult {
  raw_record_id: number;
  /** True when this exact file was imported before: nothing was imported again. */
  already_imported: boolean;
  rows_imported: number;
  leads_created: number;
  leads_updated: number;
  errors: { line: number; column?: string; reason: string }[];
}

export const CSV_PARSER_VERSION = 'csv@1';

/**
 * Imports an uploaded CSV: the file is stored verbatim, good rows become leads (all in one
 * transaction), bad rows are reported with their line numbers. The same file twice imports once.
 */
export async function importCsv(deps: IngestDeps, input: CsvImportInput): Promise<CsvImportResult> {
  // Parsing first refuses an invalid mapping (400) before anything is stored.
  const parsed = parseLeadCsv(input.csv, input.mapping);
  if (parsed.listings.length === 0 && parsed.errors.length > 0) {
    throw new AppError(
      'CSV_NO_USABLE_ROWS',
      'No row of the file could be imported; see details',
      422,
      parsed.errors,
    );
  }
  const stored = await storeRawRecord(deps.db, {
    sourceId: 'csv',
    externalId: null,
    sourceUrl: input.filename ? `upload:${input.filename}` : null,
    contentType: 'text/csv',
    payload: input.csv,
    fetchMeta: { channel: 'upload', filename: input.filename ?? null, mapping: input.mapping ?? 'inferred' },
  });
  const base = { raw_record_id: stored.id, errors: parsed.errors };
  if (!stored.created && stored.parseStatus !== 'pending') {
    return { ...base, already_imported: true, rows_imported: 0, leads_created: 0, leads_updated: 0 };
  }
  const result = await upsertListings(
    deps,
    { id: 'csv', parserVersion: CSV_PARSER_VERSION },
    stored.id,
    parsed.listings,
  );
  if (result.status === 'failed') throw new Error(`CSV import failed: ${result.reason}`);
  return {
    ...base,
    already_imported: false,
    rows_imported: parsed.listings.length,
    leads_created: result.leads.filter((lead) => lead.change === 'created').length,
    leads_updated: result.leads.filter((lead) => lead.change === 'updated').length,
  };
}
