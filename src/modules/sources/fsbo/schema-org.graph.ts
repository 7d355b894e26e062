import { isObject, type JsonObject, list } from './schema-org.values.js';

/** Every typed node of a page's structured data, in document order, with an index of `@id`s. */
export interface SchemaGraph {
  nodes: JsonObject[];
  byId: Map<string, JsonObject>;
}

// Properties that lead to other parties or to the site itself: following them would mix the seller's
// or publisher's address, images or name into the property's facts.
const PARTY_PROPERTIES = new Set([
  'seller',
  'offeredBy',
  'provider',
  'publisher',
  'author',
  'creator',
  'brand',
  'manufacturer',
  'broker',
  'agent',
  'isPartOf',
  'breadcrumb',
  'potentialAction',
  'review',
  'aggregateRating',
  'containedInPlace',
  'mainEntityOfPage',
]);

const PREFIX = /^(?:https?:\/\/schema\.org\/|schema:)/i;

/** Strips vocabulary prefixes from keys ("http://schema.org/price", "schema:price" → "price"), deeply. */
function normaliseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseKeys);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) out[key.replace(PREFIX, '')] = normaliseKeys(v);
  return out;
}

/** Builds the graph from JSON-LD documents and microdata items (`@graph` arrays and nesting flattened). */
export function buildGraph(roots: readonly unknown[]): SchemaGraph {
  const nodes: JsonObject[] = [];
  const byId = new Map<string, JsonObject>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (!isObject(value)) return;
    const id = typeof value['@id'] === 'string' ? value['@id'] : null;
    if (value['@type'] !== undefined) {
      nodes.push(value);
      // A node stated in full wins over a bare `{"@id": …}` reference seen first.
      if (id && !byId.has(id)) byId.set(id, value);
    }
    for (const [key, v] of Object.entries(value)) if (key !== '@context') visit(v);
  };
  for (const root of roots) visit(normaliseKeys(root));
  return { nodes, byId };
}

/** A bare `{"@id": …}` reference replaced by the node it names, when the page states it. */
export function resolve(value: unknown, graph: SchemaGraph): unknown {
  if (isObject(value) && value['@type'] === undefined && typeof value['@id'] === 'string') {
    return graph.byId.get(value['@id']) ?? value;
  }
  return value;
}

/** The values of a property as a list, references resolved. */
export function valuesOf(node: JsonObject | null, property: string, graph: SchemaGraph): unknown[] {
  if (!node) return [];
  return list(node[property]).map((v) => resolve(v, graph));
}

/** The first non-empty value of a property across nodes, in their order. */
export function firstValue(nodes: readonly JsonObject[], property: string, graph: SchemaGraph): unknown {
  for (const node of nodes) {
    const value = valuesOf(node, property, graph).find((v) => v !== null && v !== '');
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The first object value of a property (references resolved), or null. */
export function objectOf(node: JsonObject | null, property: string, graph: SchemaGraph): JsonObject | null {
  return (valuesOf(node, property, graph).find(isObject) as JsonObject | undefined) ?? null;
}

/** The typed nodes reachable from `start` (itself first), not crossing into other parties or the site. */
export function reachable(start: JsonObject, graph: SchemaGraph): JsonObject[] {
  const seen = new Set<JsonObject>();
  const out: JsonObject[] = [];
  const visit = (value: unknown): void => {
    const v = resolve(value, graph);
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
      return;
    }
    if (!isObject(v) || seen.has(v)) return;
    seen.add(v);
    if (v['@type'] !== undefined) out.push(v);
    for (const [key, child] of Object.entries(v)) {
      if (!PARTY_PROPERTIES.has(key) && key !== '@context') visit(child);
    }
  };
  visit(start);
  return out;
}
