import { describe, expect, it } from 'vitest';
import { execAt, indexOfWord, tagWith } from './craigslist.scan.js';
import { fixture, fixtureNames } from './craigslist.test-fixtures.js';

// Each helper must answer what the regular expression it replaces answers, on the awkward cases too.
const PAGES = [
  '',
  '<section id="postingbody">x</section>',
  '<div id="postingbody"></div><section class="b" id="postingbody">',
  '<section data-id="postingbody"><section id="postingbody">',
  '<section class="a"> id="postingbody" <section\nclass="userbody" id="postingbody">',
  '<section <section id="postingbody">',
  'xid="postingbody" <section id="postingbody">',
  '<sectionx id="postingbody">',
  '<p id="postingbody"><section>',
  '<li class="crumb category"> <li class="crumb category">\n <p> <a href="/search/apa">',
  'var imgList = [{"url":"a"}]; var imgList = [];',
  'var imgList = [ no end',
  // And every real page of the corpus.
  ...fixtureNames('corpus/postings').map((name) => fixture(`corpus/postings/${name}`)),
];

describe('page scanning helpers', () => {
  it('tagWith finds where html.search(/<section[^>]*\\bid="postingbody"/) does', () => {
    for (const page of PAGES)
      expect(tagWith(page, '<section', 'id="postingbody"'), page.slice(0, 80)).toBe(
        page.search(/<section[^>]*\bid="postingbody"/),
      );
  });

  it('indexOfWord finds where /\\bid="postingbody"/ does', () => {
    for (const page of PAGES)
      expect(indexOfWord(page, 'id="postingbody"'), page.slice(0, 80)).toBe(
        page.search(/\bid="postingbody"/),
      );
  });

  it('execAt matches what the unanchored expression matches', () => {
    const crumb = /<li class="crumb category">\s*<p>\s*<a\b[^>]*>/;
    const images = /var imgList = (\[[\s\S]*?\]);/;
    for (const page of PAGES) {
      expect(execAt(page, '<li class="crumb category">', new RegExp(crumb.source, 'y'))?.[0]).toBe(
        crumb.exec(page)?.[0],
      );
      expect(execAt(page, 'var imgList = ', new RegExp(images.source, 'y'))?.[1]).toBe(
        images.exec(page)?.[1],
      );
    }
  });
});
