import { describe, expect, it } from 'vitest';
import { parseCraigslistPosting } from './craigslist.posting.js';
import { nonListingPage } from './craigslist.status.js';
import { fixture, fixtureNames } from './craigslist.test-fixtures.js';

describe('pages that are not listings', () => {
  // The corpus has nine block pages and one "deleted by its author" page.
  const expected: Record<string, { skipped: string; detail: string }> = {
    'seattle_7516162157.html': {
      skipped: 'deleted',
      detail: '"This posting has been deleted by its author" notice',
    },
  };
  const blocked = { skipped: 'blocked', detail: '<title>blocked</title>' };

  it.each(fixtureNames('corpus/not_postings'))('%s is skipped with its reason', (name) => {
    const outcome = parseCraigslistPosting(fixture(`corpus/not_postings/${name}`));
    expect(outcome).toEqual(expected[name] ?? blocked);
  });

  // No flagged, expired or 404 page is stored; these are the notices Craigslist prints in the same
  // `div.removed` slot and on its 404 page, wrapped in the deleted page's real markup.
  const removedPage = fixture('corpus/not_postings/seattle_7516162157.html');
  const withNotice = (notice: string) =>
    removedPage.replace('This posting has been deleted by its author.', notice);

  it.each([
    ['This posting has been flagged for removal.', 'flagged'],
    ['This posting has been removed.', 'flagged'],
    ['This posting has expired.', 'expired'],
    ['There is nothing here', 'not_found'],
  ])('recognises %j', (notice, skipped) => {
    expect(nonListingPage(withNotice(notice))?.skipped).toBe(skipped);
  });

  it.each([
    ['<html><head><title>craigslist | Page Not Found</title></head><body></body></html>', 'not_found'],
    ['<html><body>This IP has been automatically blocked.</body></html>', 'blocked'],
  ])('recognises %j', (html, skipped) => {
    expect(nonListingPage(html)?.skipped).toBe(skipped);
  });

  it('does not take a posting that quotes a notice for a removed page', () => {
    const page = fixture('posting_2022_atlanta_apa_trimmed.html').replace(
      'Amenities:',
      'Note: This posting has expired elsewhere, not here. Amenities:',
    );
    expect(nonListingPage(page)).toBeNull();
    expect('listings' in parseCraigslistPosting(page)).toBe(true);
  });

  it('does not read a notice quoted in the meta description (the first words of the body)', () => {
    const page = fixture('posting_2022_atlanta_apa_trimmed.html').replace(
      '<meta name="description" content="',
      '<meta name="description" content="This posting has been deleted by its author? No: ',
    );
    expect(nonListingPage(page)).toBeNull();
  });

  it('calls a page with neither title nor body unreadable', () => {
    const html = '<html><head><title>something</title></head><body><p>hello</p></body></html>';
    expect(parseCraigslistPosting(html)).toEqual({
      skipped: 'unreadable',
      detail: 'no #titletextonly title and no #postingbody text',
    });
  });
});
