// A parse worker thread (started by parse-pool.ts): parses, checks, normalises and (with the
// deterministic extractor) enriches batches of raw records, off the thread that fetches and writes.
import { parentPort } from 'node:worker_threads';
import { createDeterministicExtractor } from '../../modules/quality/index.js';
import { adapterFor, defaultSourceRegistry } from '../../modules/sources/index.js';
import type { ParseRequest, ParseResponse } from './parse-pool.js';
import { enrichRecord, type ParsedRecord, parseRecord } from './parse-records.js';

// The registry is built here: adapters hold functions, which do not cross threads.
const sources = defaultSourceRegistry();
const extractor = createDeterministicExtractor();

async function parseBatch(request: ParseRequest): Promise<ParsedRecord[]> {
  const adapter = adapterFor(sources, request.sourceId);
  const parsed: ParsedRecord[] = [];
  for (const record of request.records) {
    const outcome = parseRecord(adapter, record);
    parsed.push(request.enrich ? await enrichRecord(outcome, extractor) : outcome);
  }
  return parsed;
}

parentPort?.on('message', (request: ParseRequest) => {
  parseBatch(request).then(
    (parsed) => parentPort?.postMessage({ id: request.id, parsed } satisfies ParseResponse),
    (error: unknown) =>
      parentPort?.postMessage({ id: request.id, error: String((error as Error)?.message ?? error) }),
  );
});
