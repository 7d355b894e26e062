import { parseDocument } from 'htmlparser2';
import { type ElementIndex, indexElements } from './craigslist.html.js';
import { execAt, tagWith } from './craigslist.scan.js';

/**
 * A posting page cut down to what the parser reads. A DOM of the whole page costs ≈0.9 ms to build and every
 * selector then walks ~1,500 nodes (≈0.3 ms each), against a 2 ms budget per page. The listing's facts sit in a
 * few known blocks: the title, attribute and body blocks are sliced out by their opening tags and parsed as one
 * small document; `<head>` facts, thumbnails and posting infos are flat markup read with regular expressions.
 */
export interface PostingPage {
  /** The elements of the title block, the map and attribute groups and the body, parsed together. */
  elements: ElementIndex;
  canonical: string | null;
  ogUrl: string | null;
  /** The `href` of the category breadcrumb ("/search/atl/apa"). */
  crumbHref: string | null;
  /** The raw text of `script#ld_posting_data`. */
  ldPosting: string | null;
  /** Image URLs: the thumbnail links, then the `url`s of the `var imgList = [...]` script. */
  images: string[];
  repostOf: string | null;
  pageId: string | null;
  /** "post id: N" in the posting infos. */
  postId: string | null;
  postedDatetime: string | null;
  updatedDatetime: string | null;
  /** The print-only contact line (email and phone spans), as text. */
  printContact: string;
  hasShowContact: boolean;
}

// The end pattern's match is kept; a block with no end runs to the end of the page.
function block(html: string, start: string, end: RegExp): string {
  const at = html.indexOf(start);
  if (at < 0) return '';
  end.lastIndex = at + start.length;
  const e = end.exec(html);
  return html.slice(at, e ? e.index + e[0].length : undefined);
}

function attr(tag: string | undefined, name: string): string | null {
  if (!tag) return null;
  const value = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  const raw = value?.[1] ?? value?.[2];
  return raw ? raw.replace(/&amp;/g, '&') : null;
}

function images(html: string, thumbs: string): string[] {
  const urls = new Set<string>();
  for (const m of thumbs.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)) urls.add(m[1]!.replace(/&amp;/g, '&'));
  const list = execAt(html, 'var imgList = ', /var imgList = (\[[\s\S]*?\]);/y)?.[1];
  if (list) {
    try {
      const items: unknown = JSON.parse(list);
      if (Array.isArray(items)) for (const i of items) if (typeof i?.url === 'string') urls.add(i.url);
    } catch {
      // A broken script leaves the thumbnails as the only image source.
    }
  }
  return [...urls];
}

function datetimeAfter(block: string, label: RegExp): string | null {
  const m = label.exec(block);
  if (!m) return null;
  return /<time\b[^>]*\bdatetime="([^"]+)"/.exec(block.slice(m.index, m.index + 300))?.[1] ?? null;
}

/** Slices and parses the parts of a posting page the parser reads. */
export function postingPage(html: string): PostingPage {
  const bodyStart = tagWith(html, '<section', 'id="postingbody"');
  const attrsStart = html.indexOf('<div class="mapAndAttrs">');
  const parts = [
    block(html, '<span class="postingtitletext">', /<\/h[12]>/g),
    attrsStart >= 0 ? html.slice(attrsStart, bodyStart > attrsStart ? bodyStart : undefined) : '',
    bodyStart >= 0 ? block(html.slice(bodyStart), '', /<\/section>/g) : '',
  ];
  const thumbs = block(html, '<div id="thumbs">', /<\/div>/g);
  // A single-image posting has no thumbnail strip: the gallery's one <img> is the image then.
  if (!thumbs) parts.push(block(html, '<figure class="iw', /<\/figure>/g));
  const infos = block(html, '<div class="postinginfos">', /<\/div>/g);
  const printContact = block(html, '<p class="print-information print-contact">', /<\/p>/g);
  return {
    // htmlparser2 directly, as cheerio/slim's load parses, without the cheerio wrappers nothing here uses.
    elements: indexElements(parseDocument(parts.join('\n'))),
    canonical: attr(/<link\b[^>]*\brel="canonical"[^>]*>/i.exec(html)?.[0], 'href'),
    ogUrl: attr(/<meta\b[^>]*\bproperty="og:url"[^>]*>/i.exec(html)?.[0], 'content'),
    crumbHref: attr(
      execAt(
        html,
        '<li class="crumb category">',
        /<li class="crumb category">\s*<p>\s*<a\b[^>]*>/y,
      )?.[0]?.replace(/^[\s\S]*<a/, '<a'),
      'href',
    ),
    ldPosting: /<script[^>]*\bid="ld_posting_data"[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? null,
    images: images(html, thumbs),
    repostOf: (html.includes('repost_of') && /\brepost_of\s*[:=]\s*(\d+)/.exec(html)?.[1]) || null,
    pageId: (html.includes('pID') && /\bpID\s*[:=]\s*(\d+)/.exec(html)?.[1]) || null,
    postId: /post id:\s*(\d+)/.exec(infos)?.[1] ?? null,
    postedDatetime:
      datetimeAfter(infos, /posted:/) ??
      datetimeAfter(block(html, '<p id="display-date"', /<\/p>/g), /Posted/i),
    updatedDatetime: datetimeAfter(infos, /updated:/),
    printContact: printContact.replace(/<[^>]*>/g, ' '),
    hasShowContact:
      (html.includes('show-contact') || html.includes('showcontact')) &&
      /<a\b[^>]*\bclass="[^"]*\bshow-?contact\b/.test(html),
  };
}
