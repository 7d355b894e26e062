import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules, registerModuleJobs } from '../../src/composition.js';
import {
  alertDigestJob,
  deliverAlertsJob,
  matchNewLeads,
  nudgeAlertDelivery,
} from '../../src/modules/saved-searches/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { AppModule } from '../../src/platform/module.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { signUp } from '../support/auth.js';
import { type LocalServer, startLocalServer, waitFor } from '../support/local-server.js';
import { createTestPlatform } from '../support/test-platform.js';
import { makeLead, saveSearch } from './factories.js';
import { type LocalSmtpServer, startSmtpServer, subjectOf } from './smtp-server.js';

let platform: Platform;
let app: App;
let modules: AppModule[];
let hook: LocalServer;
let smtp: LocalSmtpServer;

beforeAll(async () => {
  hook = await startLocalServer((_request, response) => {
    response.end('ok');
  });
  smtp = await startSmtpServer();
  platform = await createTestPlatform({
    env: {
      FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
      FETCH_MIN_GAP_MS: '0',
      SMTP_URL: smtp.url,
      ALERT_DIGEST_CRON: '30 7 * * *',
    },
  });
  modules = createModules(platform);
  app = await buildApp(platform, modules);
  await app.ready();
  registerModuleJobs(platform, modules);
  await platform.jobs.start({ work: true });
});
afterAll(async () => {
  await app.close();
  await platform.close();
  await hook.close();
  await smtp.close();
});

describe('alert jobs', () => {
  it('keeps the delivery (every minute) and digest (ALERT_DIGEST_CRON) schedules', async () => {
    await modules.find((module) => module.name === 'saved-searches')!.afterStart!(platform.jobs);
    expect((await platform.jobs.listSchedules(deliverAlertsJob)).map((s) => s.cron)).toEqual(['* * * * *']);
    expect((await platform.jobs.listSchedules(alertDigestJob)).map((s) => s.cron)).toEqual(['30 7 * * *']);
  });

  it('delivers alerts by email (SMTP_URL) and webhook once the publishing transaction commits', async () => {
    const buyer = await signUp(app, platform.db);
    await saveSearch(app, buyer.headers, {
      name: 'Jobs 87130',
      query: { zip: '87130' },
      channels: { email: true, webhook: { url: `${hook.url}/jobs`, secret: 'job-secret-0123456789' } },
    });
    const lead = await makeLead(platform.db, { zip: '87130' });
    // As ingest would: match in the publishing transaction, and ask for a delivery run once it commits.
    await platform.db.transaction(async (tx) => {
      await matchNewLeads(tx, [lead], new Date());
      await nudgeAlertDelivery(platform.jobs, tx);
    });
    await waitFor(async () => (hook.requests.length > 0 && smtp.messages.length > 0 ? true : undefined));
    expect(hook.requests[0]!.headers['x-aiqleads-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(smtp.messages[0]!.to).toEqual([buyer.email]);
    expect(subjectOf(smtp.messages[0]!)).toBe('1 new lead for your saved search "Jobs 87130"');
  });
});
