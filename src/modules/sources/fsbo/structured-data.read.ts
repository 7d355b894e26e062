import type { CheerioAPI } from 'cheerio';
import { absoluteUrl, type JsonObject } from './schema-org.values.js';

/** A cheerio selection of elements (the type `$(…).children()` returns). */
type Elements = ReturnType<ReturnType<CheerioAPI['root']>['children']>;

/** What a page's structured data holds: JSON-LD documents and microdata items, plus unreadable blocks. */
export interface StructuredData {
  jsonLd: unknown[];
  microdata: JsonObject[];
  unreadableJsonLd: number;
}

function parseJsonLd(raw: string): unknown {
  const body = raw
    .trim()
    .replace(/^<!--|-->$/g, '')
    .replace(/^\s*\/\/\s*<!\[CDATA\[|\/\/\s*\]\]>\s*$/g, '')
    .trim();
  try {
    return JSON.parse(body);
  } catch {
    // Hand-written JSON-LD often has raw line breaks inside strings, which JSON forbids.
    return JSON.parse(body.replace(/[\r\n\t\f\v]+/g, ' '));
  }
}

/** The JSON-LD documents of every `script[type="application/ld+json"]`. */
export function readJsonLd($: CheerioAPI): { documents: unknown[]; unreadable: number } {
  const documents: unknown[] = [];
  let unreadable = 0;
  $('script[type="application/ld+json" i]').each((_, el) => {
    try {
      documents.push(parseJsonLd($(el).text()));
    } catch {
      unreadable += 1;
    }
  });
  return { documents, unreadable };
}

const URL_ATTRIBUTE: Record<string, string> = {
  a: 'href',
  area: 'href',
  link: 'href',
  audio: 'src',
  embed: 'src',
  iframe: 'src',
  img: 'src',
  source: 'src',
  track: 'src',
  video: 'src',
  object: 'data',
};

/** An itemprop's value as the microdata spec reads it (plus `content` on any element, as search engines do). */
function propertyValue(el: Elements, base: string | null): string | null {
  const tag = (el.prop('tagName') ?? '').toLowerCase();
  const content = el.attr('content');
  if (content !== undefined) return content;
  const urlAttr = URL_ATTRIBUTE[tag];
  if (urlAttr) {
    const raw = el.attr(urlAttr);
    return raw === undefined ? null : (absoluteUrl(raw, base) ?? raw);
  }
  if (tag === 'data' || tag === 'meter') return el.attr('value') ?? null;
  // Source line breaks in markup are not line breaks on screen: collapse them as a browser would.
  const shown = el.text().replace(/\s+/g, ' ').trim();
  if (tag === 'time') return el.attr('datetime') ?? shown;
  return shown;
}

function addValue(item: JsonObject, name: string, value: unknown): void {
  const existing = item[name];
  if (existing === undefined) item[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else item[name] = [existing, value];
}

function readItem($: CheerioAPI, scope: Elements, base: string | null, depth: number): JsonObject {
  const item: JsonObject = {};
  const types = (scope.attr('itemtype') ?? '').split(/\s+/).filter(Boolean);
  item['@type'] = types.length === 1 ? types[0] : types;
  const id = scope.attr('itemid');
  if (id) item['@id'] = id;

  const walk = (children: Elements): void => {
    children.each((_, child) => {
      const c = $(child);
      const names = (c.attr('itemprop') ?? '').split(/\s+/).filter(Boolean);
      const nested = c.is('[itemscope]');
      if (names.length > 0) {
        // Depth guard: an itemref cycle must not recurse forever.
        const value = nested ? (depth < 8 ? readItem($, c, base, depth + 1) : null) : propertyValue(c, base);
        for (const name of names) addValue(item, name.replace(/^.*[/#]/, ''), value);
      }
      if (!nested) walk(c.children());
    });
  };
  walk(scope.children());
  for (const ref of (scope.attr('itemref') ?? '').split(/\s+/).filter(Boolean)) {
    walk($(`[id="${ref.replace(/"/g, '')}"]`));
  }
  return item;
}

/** The page's top-level microdata items (`itemscope` without `itemprop`), as JSON-LD-like objects. */
export function readMicrodata($: CheerioAPI, base: string | null): JsonObject[] {
  const items: JsonObject[] = [];
  $('[itemscope]:not([itemprop])').each((_, el) => {
    items.push(readItem($, $(el), base, 0));
  });
  return items;
}

/** Both kinds of structured data on a page. */
export function readStructuredData($: CheerioAPI, base: string | null): StructuredData {
  const { documents, unreadable } = readJsonLd($);
  return { jsonLd: documents, microdata: readMicrodata($, base), unreadableJsonLd: unreadable };
}
