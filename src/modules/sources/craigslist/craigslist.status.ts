import type { Skipped } from '../listing.types.js';
import { indexOfWord } from './craigslist.scan.js';

/**
 * Craigslist pages that are not listings, each with the marker that identifies it. The block page and the
 * "deleted by its author" page are in the corpus; the other texts are the ones Craigslist serves in the same
 * `div.removed` slot (and its 404 page), as open-source Craigslist checkers match them.
 */
const PAGE_MARKERS: readonly [RegExp, Skipped['skipped'], string][] = [
  [/<title>\s*blocked\s*<\/title>/i, 'blocked', '<title>blocked</title>'],
  [/Your request has been blocked/i, 'blocked', '"Your request has been blocked" text'],
  [/This IP has been automatically blocked/i, 'blocked', '"This IP has been automatically blocked" text'],
  [
    /This posting has been deleted by its author/i,
    'deleted',
    '"This posting has been deleted by its author" notice',
  ],
  [
    /This posting has been flagged for removal/i,
    'flagged',
    '"This posting has been flagged for removal" notice',
  ],
  [/This posting has been removed/i, 'flagged', '"This posting has been removed" notice'],
  [/This posting has expired/i, 'expired', '"This posting has expired" notice'],
  [/<title>[^<]*Page Not Found[^<]*<\/title>/i, 'not_found', '"Page Not Found" title'],
  [/There is nothing here/i, 'not_found', '"There is nothing here" text'],
];

const REMOVED = '<div class="removed">';

// Only the <title>, the removal notice and a page without a posting body can hold a marker: a posting's own
// text (and the meta description that repeats it) might quote one.
function markerRegion(html: string): string {
  const title = /<title>[^<]*<\/title>/i.exec(html.slice(0, 5_000))?.[0] ?? '';
  const removedAt = html.indexOf(REMOVED);
  const removed = removedAt < 0 ? '' : html.slice(removedAt, removedAt + REMOVED.length + 600);
  const page = indexOfWord(html, 'id="postingbody"') >= 0 ? '' : html.slice(0, 20_000);
  return `${title}\n${removed}\n${page}`;
}

/** The skip for a page that is not a listing (block, deleted, flagged, expired, 404), or null for a posting. */
export function nonListingPage(html: string): Skipped | null {
  const region = markerRegion(html);
  for (const [pattern, skipped, marker] of PAGE_MARKERS) {
    if (pattern.test(region)) return { skipped, detail: marker };
  }
  return null;
}
