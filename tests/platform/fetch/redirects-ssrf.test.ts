import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, fakeResolver, page, startServer, testClient, watchConnections } from './fetch-support.js';

afterEach(closeAll);

/** A server: /to?<url> answers 302 to that URL, /hops/<n> redirects n times, other paths are a page. */
async function redirector() {
  return startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/to') {
      res.writeHead(302, { location: decodeURIComponent(url.search.slice(1)) });
      res.end();
      return;
    }
    const hops = Number(url.pathname.match(/^\/hops\/(\d+)$/)?.[1] ?? 0);
    if (hops > 0) {
      res.writeHead(301, { location: `/hops/${hops - 1}` });
      res.end();
      return;
    }
    page(res, `<p>${req.method} ${url.pathname}</p>`);
  });
}

const to = (server: { url(path: string): string }, target: string) =>
  server.url(`/to?${encodeURIComponent(target)}`);

describe('redirects', () => {
  it('follows redirects and reports the final URL and the chain', async () => {
    const server = await redirector();
    const result = await testClient().fetch({ url: to(server, '/hops/1'), source: 's', kind: 'api' });
    expect(result).toMatchObject({ ok: true, url: server.url('/hops/0'), body: '<p>GET /hops/0</p>' });
    if (result.ok) expect(result.redirects).toEqual([to(server, '/hops/1'), server.url('/hops/1')]);
  });

  it('follows five redirects and stops at a sixth', async () => {
    const server = await redirector();
    const client = testClient();
    expect(await client.fetch({ url: server.url('/hops/5'), source: 's', kind: 'api' })).toMatchObject({
      ok: true,
    });
    const result = await client.fetch({ url: server.url('/hops/6'), source: 's', kind: 'api' });
    expect(result).toMatchObject({
      ok: false,
      kind: 'http',
      retry: 'never',
      detail: 'more than 5 redirects',
    });
    expect(server.arrivals).toHaveLength(6 + 6);
  });

  it('returns a value, not an exception, for a Location that is not a URL', async () => {
    const server = await redirector();
    const result = await testClient().fetch({ url: to(server, 'http://[bad'), source: 's', kind: 'api' });
    expect(result).toMatchObject({ ok: false, kind: 'http', status: 302, retry: 'never' });
  });

  it('turns a POST into a GET after a 302, and drops credentials when the origin changes', async () => {
    const first = await redirector();
    const second = await redirector();
    const client = testClient();
    const post = await client.fetch({
      url: to(first, second.url('/landing')),
      source: 's',
      kind: 'api',
      method: 'POST',
      body: 'a=1',
      headers: { authorization: 'Bearer secret', 'content-type': 'application/x-www-form-urlencoded' },
    });
    // 302 after a POST continues as a GET, like browsers do.
    expect(post).toMatchObject({ ok: true, body: '<p>GET /landing</p>' });
    expect(first.arrivals[0]?.headers.authorization).toBe('Bearer secret');
    expect(second.arrivals[0]?.headers.authorization).toBeUndefined();
  });
});

describe('SSRF guard', () => {
  it.each([
    'http://10.0.0.1/admin',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
    'http://metadata.test/latest/meta-data/',
    'http://mixed.test/',
    'file:///etc/passwd',
    'ftp://127.0.0.1/',
  ])('refuses a redirect to %s without connecting to it', async (target) => {
    const server = await redirector();
    const connections = watchConnections();
    const resolve = fakeResolver({
      'metadata.test': '169.254.169.254',
      'mixed.test': ['203.0.113.9', '10.0.0.7'],
    });
    const result = await testClient({ resolve }).fetch({ url: to(server, target), source: 's', kind: 'api' });
    expect(result).toMatchObject({ ok: false, kind: 'ssrf', retry: 'never' });
    // The one connection made is to the redirecting server: none to the refused target.
    expect(connections.hosts).toEqual([`127.0.0.1:${server.port}`]);
    expect(server.arrivals).toHaveLength(1);
  });

  it('refuses loopback and names resolving to it unless allow-listed', async () => {
    const server = await redirector();
    const client = testClient({ allowPrivateHosts: [] });
    expect(await client.fetch({ url: server.url('/'), source: 's', kind: 'api' })).toMatchObject({
      ok: false,
      kind: 'ssrf',
      detail: '127.0.0.1 is loopback',
    });
    expect(
      await client.fetch({ url: `http://localhost:${server.port}/`, source: 's', kind: 'api' }),
    ).toMatchObject({
      ok: false,
      kind: 'ssrf',
      detail: 'localhost resolves to 127.0.0.1 (loopback)',
    });
    expect(server.arrivals).toHaveLength(0);
  });

  it('connects to the address it checked, so a rebinding DNS answer cannot swap it', async () => {
    const server = await redirector();
    const answers = ['127.0.0.1', '10.0.0.1'];
    const calls: string[] = [];
    const resolve = async (hostname: string) => {
      calls.push(hostname);
      return [{ address: answers[Math.min(calls.length - 1, 1)] ?? '10.0.0.1', family: 4 }];
    };
    const result = await testClient({ resolve }).fetch({
      url: `http://shop.test:${server.port}/rebind`,
      source: 's',
      kind: 'api',
    });
    // shop.test exists only in the fake resolver: the connection used the pinned, checked answer.
    expect(result).toMatchObject({ ok: true, body: '<p>GET /rebind</p>' });
    expect(server.arrivals[0]?.headers.host).toBe(`shop.test:${server.port}`);
    expect(calls).toEqual(['shop.test']);
  });

  it('refuses an unknown name as a permanent network failure', async () => {
    const result = await testClient().fetch({ url: 'http://nowhere.test/', source: 's', kind: 'api' });
    expect(result).toMatchObject({ ok: false, kind: 'network', retry: 'never' });
  });
});
