// Dynamic pricing: the pure engine (factors, receipt), demand signals aggregated per market and day,
// versioned list prices, admin overrides and the scenario simulator. Other modules import only from here.

export type { DemandEvent, Market } from './demand.repository.js';
export { purchaseCounts, readDemandLevels, recordDemandEvent } from './demand.repository.js';
export { demandLevel, weightedEvents } from './factors.js';
export { priceLead, selectOverrides } from './price-lead.js';
export type { StoredPrice } from './prices.repository.js';
export { listPriceHistory } from './prices.repository.js';
export { LeadNotForSaleError, OverrideNotFoundError, PricingLeadNotFoundError } from './pricing.errors.js';
export { type PricingOverrides, pricingModule } from './pricing.module.js';
export { DEFAULT_RULES_CONFIG, defaultPricingRules, PRICING_RULES_VERSION } from './pricing.rules.js';
export type {
  DemandDay,
  DemandKind,
  DemandLevel,
  OverridableFactor,
  PriceInput,
  PriceOverride,
  PriceResult,
  PricingRules,
  SellableType,
} from './pricing.types.js';
export { DEMAND_KINDS, PriceReceipt, ReceiptFactor, SELLABLE_TYPES } from './pricing.types.js';
export {
  buyerDiscountPercent,
  type Quote,
  type QuoteOptions,
  quoteLead,
  quoteLeads,
} from './quote.service.js';
export {
  type QuoteInputs,
  quoteInputsSql,
  type RawQuoteInputs,
  toQuoteInputs,
} from './quote-inputs.repository.js';
export {
  parseScenario,
  Scenario,
  ScenarioError,
  type SimulationRow,
  simulateScenario,
} from './simulate.js';
export { renderSimulation } from './simulate.table.js';
