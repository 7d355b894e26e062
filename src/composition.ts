import { accountsModule } from './modules/accounts/index.js';
import { billingModule } from './modules/billing/index.js';
import { marketplaceModule } from './modules/marketplace/index.js';
import { pricingModule } from './modules/pricing/index.js';
import { qualityModule } from './modules/quality/index.js';
import { matchNewLeads, savedSearchesModule } from './modules/saved-searches/index.js';
import { searchModule } from './modules/search/index.js';
import type { AppModule } from './platform/module.types.js';
import type { Platform } from './platform/platform.js';
import { ingestionModule } from './workflows/ingest/index.js';

/**
 * The composition root: builds every domain module from the platform, once per process. The server
 * mounts their routes; every process registers their jobs (so any process can enqueue them) and the
 * processes that work jobs start the handlers.
 */
export function createModules(platform: Platform): AppModule[] {
  return [
    accountsModule(platform),
    billingModule(platform),
    ingestionModule(platform),
    marketplaceModule(platform),
    pricingModule(platform),
    // A lead cleared from fraud review is new to buyers: it alerts the saved searches it matches.
    qualityModule(platform, {
      onLeadPublished: (tx, leadId, at) => matchNewLeads(tx, [leadId], at).then(() => undefined),
    }),
    savedSearchesModule(platform),
    searchModule(platform),
  ];
}

/** Registers the job handlers of every module on the platform's job runner. */
export function registerModuleJobs(platform: Platform, modules: AppModule[]): void {
  for (const module of modules) module.registerJobs?.(platform.jobs);
}
