import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadCorpus, nthPosting, type PostingCopy } from './corpus.js';

export interface FaultOptions {
  /** Share of page requests that fail or crawl (0–1), split evenly over 5xx, connection reset and slow. */
  ratio: number;
  seed: number;
  /** A slow response waits this long (ms) before answering normally. */
  slowMs?: [number, number];
  /**
   * Share of pages that fail their first `stickyCount` requests (503 or reset) on top of `ratio`: more
   * than the fetch client retries by itself, so the crawl's own job retry has to recover them.
   */
  stickyRatio?: number;
  stickyCount?: number;
}

export interface LocalSiteOptions {
  /** Posting pages served (the 495 real ones, replicated with rewritten ids). */
  postings: number;
  /** Links per search page (Craigslist's static markup). */
  perSearchPage?: number;
  /** Listening ports; each is one "site" (one politeness host, like one Craigslist city). */
  hosts?: number;
  faults?: FaultOptions;
}

export interface LocalSite {
  /** Every search page, the crawl's start list. */
  startUrls: string[];
  /**
   * The Craigslist "sites" the search pages stand for, as `host:port/pN`: with the adapter's
   * `base_url` set to `http://{site}`, its start URLs (`{base_url}/search/apa`) are exactly `startUrls`.
   */
  sites: string[];
  postings: number;
  searchPages: number;
  /** Requests answered by kind, faults included. */
  stats: { requests: number; ok: number; server_error: number; reset: number; slow: number; sticky: number };
  close(): Promise<void>;
}

const ROBOTS = Buffer.from('User-agent: *\nAllow: /\n');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A search-results page in Craigslist's 2023 static markup (`ol.cl-static-search-results`). */
function searchPage(origin: string, rows: PostingCopy[]): string {
  const items = rows.map(
    (row) => `        <li class="cl-static-search-result" title="${escapeHtml(row.title)}">
            <a href="${origin}${row.pathname}">
                <div class="title">${escapeHtml(row.title)}</div>
                <div class="details">
                    <div class="price">${row.price === null ? '' : `$${row.price.toLocaleString('en-US')}`}</div>
                    <div class="location">${escapeHtml(row.location)}</div>
                </div>
            </a>
        </li>`,
  );
  return `<!DOCTYPE html>\n<html>\n<body class="no-js search">\n    <ol class="cl-static-search-results">
        <li class="cl-static-hub-links"><div>see also</div></li>\n${items.join('\n')}\n    </ol>\n</body>\n</html>\n`;
}

/** FNV-1a over the text, then a final avalanche: a stable number in [0, 1) per input. */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 2 ** 32;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Serves real Craigslist posting pages (replicated with rewritten post ids), search pages listing them,
 * and a robots.txt that allows everything, on 127.0.0.1. Pages are rendered up front so that serving costs
 * the crawler under test next to nothing. Faults are chosen by hashing seed, URL and how often the URL
 * was asked for, so a run injects the same faults whatever order the requests come in; robots.txt never
 * fails (a failing robots.txt disallows the whole site for minutes, which is another benchmark).
 */
export async function startLocalSite(options: LocalSiteOptions): Promise<LocalSite> {
  const corpus = loadCorpus();
  const perPage = options.perSearchPage ?? 100;
  const hostCount = Math.max(1, options.hosts ?? 1);
  const searchPages = Math.ceil(options.postings / perPage);
  const stats = { requests: 0, ok: 0, server_error: 0, reset: 0, slow: 0, sticky: 0 };
  const seen = new Map<string, number>();
  const servers: Server[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const startUrls: string[] = [];
  const sites: string[] = [];

  const handler =
    (pages: Map<string, Buffer>) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      stats.requests++;
      const url = req.url ?? '/';
      const body = url === '/robots.txt' ? ROBOTS : pages.get(url);
      if (!body) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const type = url === '/robots.txt' ? 'text/plain' : 'text/html; charset=utf-8';
      const send = () => res.writeHead(200, { 'content-type': type }).end(body);
      const faults = options.faults;
      if (!faults || url === '/robots.txt') {
        stats.ok++;
        send();
        return;
      }
      const key = `${req.headers.host}${url}`;
      const nth = (seen.get(key) ?? 0) + 1;
      seen.set(key, nth);
      const roll = unitHash(`${faults.seed}:${key}:${nth}`);
      const sticky = unitHash(`${faults.seed}:sticky:${key}`) < (faults.stickyRatio ?? 0);
      if (sticky && nth <= (faults.stickyCount ?? 5)) {
        stats.sticky++;
        if (nth % 2 === 0) req.socket.resetAndDestroy();
        else res.writeHead(503, { 'content-type': 'text/plain' }).end('down for now');
      } else if (roll >= faults.ratio) {
        stats.ok++;
        send();
      } else if (roll < faults.ratio / 3) {
        stats.server_error++;
        res.writeHead(roll < faults.ratio / 6 ? 500 : 503, { 'content-type': 'text/plain' }).end('oops');
      } else if (roll < (2 * faults.ratio) / 3) {
        stats.reset++;
        req.socket.resetAndDestroy();
      } else {
        stats.slow++;
        const [min, max] = faults.slowMs ?? [200, 500];
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            send();
          },
          min + unitHash(`${key}:slow:${nth}`) * (max - min),
        );
        timers.add(timer);
      }
    };

  for (let host = 0; host < hostCount; host++) {
    const pages = new Map<string, Buffer>();
    const server = createServer({ keepAliveTimeout: 30_000 }, handler(pages));
    servers.push(server);
    const origin = await listen(server);
    for (let page = host; page < searchPages; page += hostCount) {
      const rows: PostingCopy[] = [];
      for (let i = page * perPage; i < Math.min(options.postings, (page + 1) * perPage); i++) {
        const copy = nthPosting(corpus, i);
        rows.push(copy);
        pages.set(copy.pathname, Buffer.from(copy.html));
      }
      const searchPath = `/p${page}/search/apa`;
      pages.set(searchPath, Buffer.from(searchPage(origin, rows)));
      startUrls.push(`${origin}${searchPath}`);
      sites.push(`${origin.replace('http://', '')}/p${page}`);
    }
  }
  return {
    startUrls,
    sites,
    postings: options.postings,
    searchPages,
    stats,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
