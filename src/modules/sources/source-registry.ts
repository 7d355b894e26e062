import type { Parser } from './listing.types.js';

/** How one source's payloads are read. */
export interface SourceAdapter {
  id: string;
  /** Bumped when the parser changes what it extracts; stored with each parse for replay. */
  parserVersion: string;
  contentType: string;
  parse: Parser;
  /** The source's own id for a URL, when the URL carries it (e.g. Craigslist `…/7501755803.html`). */
  externalIdFromUrl?: (url: string) => string | null;
}

/** Raised when a caller names a source no adapter reads. */
export class UnknownSourceError extends Error {
  override name = 'UnknownSourceError';
  constructor(
    readonly sourceId: string,
    known: string[],
  ) {
    super(`unknown source "${sourceId}" (known: ${known.join(', ')})`);
  }
}

export type SourceRegistry = ReadonlyMap<string, SourceAdapter>;

/** Builds a registry from adapters, refusing duplicates. */
export function createSourceRegistry(adapters: SourceAdapter[]): SourceRegistry {
  const registry = new Map<string, SourceAdapter>();
  for (const adapter of adapters) {
    if (registry.has(adapter.id)) throw new Error(`source ${adapter.id} registered twice`);
    registry.set(adapter.id, adapter);
  }
  return registry;
}

/** The adapter for a source id, or an error listing the known ones. */
export function adapterFor(registry: SourceRegistry, sourceId: string): SourceAdapter {
  const adapter = registry.get(sourceId);
  if (!adapter) throw new UnknownSourceError(sourceId, [...registry.keys()]);
  return adapter;
}
