/**
 * Embedded-mode smoke test, run by CI: start the server on a fresh PGlite data folder (no DATABASE_URL,
 * no REDIS_URL), wait for /ready, stop it with SIGTERM; then start it again on the same folder to prove
 * the data survives a restart, and walk the marketplace as a newcomer would (browse the demo leads, sign
 * up, buy credits with the sandbox provider). Prints the start times and what each step saw.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitReady(base: string, child: ChildProcess, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/ready`);
      if (res.status === 200) return (Date.now() - started) / 1000;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready after ${timeoutMs / 1000} s`);
}

async function call<T>(base: string, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * What a newcomer does first: browse the demo leads (masked contacts), open an account, buy credits
 * with the built-in sandbox provider, see the balance. Returns one line per step.
 */
async function walkMarketplace(base: string): Promise<string[]> {
  const search = await call<{ items: { contact: { phones_masked: string[] } }[]; total: { value: number } }>(
    base,
    '/v1/leads?limit=5',
  );
  if (search.items.length === 0) throw new Error('GET /v1/leads: no demo leads');
  const email = `smoke-${Date.now()}@example.com`;
  const password = 'smoke-test-password-1';
  await call(base, '/v1/auth/register', { method: 'POST', body: JSON.stringify({ email, password }) });
  const { token } = await call<{ token: string }>(base, '/v1/auth/login', {
    method: 'POST',
    body: JSON.stringify({ email, password }),
  });
  const auth = { authorization: `Bearer ${token}` };
  const packs = await call<{ items: { id: string; credits: number }[] }>(base, '/v1/credits/packs');
  const pack = packs.items[0]!;
  await call(base, '/v1/credits/purchases', {
    method: 'POST',
    headers: { ...auth, 'idempotency-key': `smoke-${Date.now()}` },
    body: JSON.stringify({ pack_id: pack.id }),
  });
  const credits = await call<{ balance: number }>(base, '/v1/credits', { headers: auth });
  if (credits.balance !== pack.credits)
    throw new Error(`balance ${credits.balance}, expected ${pack.credits}`);
  const bought = await buyOneLead(base, auth, credits.balance);
  return [
    `GET /v1/leads: ${search.total.value} demo leads, first phones shown as ${JSON.stringify(search.items[0]!.contact.phones_masked)}`,
    `registered, signed in, bought pack "${pack.id}" with the sandbox provider: balance ${credits.balance} credits`,
    bought,
  ];
}

/**
 * Puts the first affordable demo lead with a phone in the cart, checks out, and opens the purchase: the
 * contact that search masked is now in full. Returns one line.
 */
async function buyOneLead(base: string, auth: Record<string, string>, balance: number): Promise<string> {
  const search = await call<{ items: { id: string; contact: { phones_masked: string[] } }[] }>(
    base,
    '/v1/leads?limit=50&has_phone=true',
  );
  for (const lead of search.items) {
    const added = await fetch(`${base}/v1/cart/items`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ lead_id: lead.id }),
    });
    if (added.status !== 201) continue;
    const item = (await added.json()) as { credits: number; receipt: { factors: unknown[] } };
    if (item.credits > balance) {
      await fetch(`${base}/v1/cart/items/${lead.id}`, { method: 'DELETE', headers: auth });
      continue;
    }
    const checkout = await call<{ balance: number; purchases: { id: string }[] }>(base, '/v1/checkout', {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': `smoke-checkout-${Date.now()}` },
      body: '{}',
    });
    const purchase = await call<{ contact: { phones: { number: string }[] } }>(
      base,
      `/v1/purchases/${checkout.purchases[0]!.id}`,
      { headers: auth },
    );
    const phone = purchase.contact.phones[0]?.number ?? '';
    if (!/^\+\d{8,15}$/.test(phone)) throw new Error(`purchase shows phone ${JSON.stringify(phone)}`);
    return (
      `bought lead ${lead.id.slice(0, 8)}… for ${item.credits} credits (receipt of ${item.receipt.factors.length} ` +
      `factors): masked ${JSON.stringify(lead.contact.phones_masked[0])} is now ••••${phone.slice(-4)}; balance ${checkout.balance}`
    );
  }
  throw new Error(`no demo lead with a phone could be bought for ${balance} credits`);
}

async function runOnce(
  dataDir: string,
  label: string,
  walk = false,
): Promise<{ seconds: number; body: unknown; lines: string[] }> {
  const port = await freePort();
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const seconds = await waitReady(base, child, 180_000);
    const ready = await (await fetch(`${base}/ready`)).json();
    const lines = walk ? await walkMarketplace(base) : [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`${label}: server exited with ${code} after SIGTERM`);
    return { seconds, body: ready, lines };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'aiq-smoke-'));
try {
  const cold = await runOnce(dataDir, 'cold start');
  const warm = await runOnce(dataDir, 'warm restart', true);
  console.log(
    `embedded smoke: cold start to /ready ${cold.seconds.toFixed(1)} s, warm restart ${warm.seconds.toFixed(1)} s`,
  );
  console.log(`embedded smoke: /ready said ${JSON.stringify(warm.body)}`);
  for (const line of warm.lines) console.log(`embedded smoke: ${line}`);
  console.log('embedded smoke: 1 passed, 0 failed');
} catch (error) {
  console.error(`embedded smoke: FAILED: ${(error as Error).message}`);
  console.log('embedded smoke: 0 passed, 1 failed');
  process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
