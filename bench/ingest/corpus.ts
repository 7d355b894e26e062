import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCraigslistPosting } from '../../src/modules/sources/craigslist/index.js';

const CORPUS_DIR = path.resolve('fixtures/craigslist/corpus/postings');

/** One real posting page of the corpus, with what a search-result row shows of it. */
export interface CorpusPosting {
  file: string;
  id: string;
  html: string;
  /** The posting's path on its Craigslist site (`/atl/apa/d/slug/<id>.html`), from its canonical link. */
  pathname: string;
  title: string;
  price: number | null;
  location: string;
}

/** A posting page copy with its post id rewritten everywhere, so each copy is a distinct listing. */
export interface PostingCopy {
  id: string;
  pathname: string;
  html: string;
  title: string;
  price: number | null;
  location: string;
}

export interface Corpus {
  postings: CorpusPosting[];
  /** Post ids the pages mention (their own and `repost_of`), each with its index for id rewriting. */
  idIndex: Map<string, number>;
}

let cached: Corpus | undefined;

/**
 * The real posting pages of the corpus that parse as listings. Two files of `postings/` are Craigslist
 * block pages saved under a posting's name; a site serving them would be a blocked site, so they are left out.
 */
export function loadCorpus(): Corpus {
  if (cached) return cached;
  const postings: CorpusPosting[] = [];
  const idIndex = new Map<string, number>();
  const remember = (id: string) => {
    if (!idIndex.has(id)) idIndex.set(id, idIndex.size);
  };
  for (const file of readdirSync(CORPUS_DIR).sort()) {
    const html = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
    const outcome = parseCraigslistPosting(html);
    if (!('listings' in outcome) || outcome.listings.length !== 1) continue;
    const listing = outcome.listings[0]!;
    const id = /_(\d{6,})\.html$/.exec(file)?.[1];
    if (!id) continue;
    remember(id);
    if (listing.repost_of) remember(listing.repost_of);
    const canonical = /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];
    postings.push({
      file,
      id,
      html,
      pathname: canonical ? new URL(canonical).pathname : `/apa/${id}.html`,
      title: listing.title ?? 'untitled',
      price: listing.price,
      location: String(listing.attributes.location_text ?? ''),
    });
  }
  cached = { postings, idIndex };
  return cached;
}

/**
 * The id a corpus id gets in copy `copy`: 10 digits, distinct for every (copy, id), and reposts keep
 * pointing at their original's copy because `repost_of` ids are rewritten by the same map.
 */
export function rewrittenId(corpus: Corpus, copy: number, id: string): string {
  const index = corpus.idIndex.get(id);
  if (index === undefined) return id;
  return String(8_100_000_000 + copy * corpus.idIndex.size + index);
}

/** Copy `copy` of a posting: every known post id in the page (canonical URL, `post id:`, data attributes,
 * `pID`, `repost_of`) replaced by its rewritten one. Copy 0 is rewritten too, so no copy is the original. */
export function copyPosting(corpus: Corpus, posting: CorpusPosting, copy: number): PostingCopy {
  const rewrite = (text: string) => text.replace(/\b\d{10}\b/g, (id) => rewrittenId(corpus, copy, id));
  return {
    id: rewrittenId(corpus, copy, posting.id),
    pathname: rewrite(posting.pathname),
    html: rewrite(posting.html),
    title: posting.title,
    price: posting.price,
    location: posting.location,
  };
}

/** The `index`-th page of an endless stream of copies: corpus page `index % n`, copy `index / n`. */
export function nthPosting(corpus: Corpus, index: number): PostingCopy {
  const n = corpus.postings.length;
  return copyPosting(corpus, corpus.postings[index % n]!, Math.floor(index / n));
}
