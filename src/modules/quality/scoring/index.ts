// Lead scoring: pure quality and fraud rules, the service that scores leads in the database, local
// price statistics, and the admin fraud review queue. Re-exported from the quality module's index.ts.

export type { AreaCodeRegion } from './area-codes.js';
export { areaCodeRegion } from './area-codes.js';
export type { ReviewCursor, ReviewOrder } from './fraud-review.repository.js';
export { type FraudReviewRoutesOptions, fraudReviewRoutes } from './fraud-review.routes.js';
export type {
  DecisionInput,
  DecisionResult,
  FraudDecision,
  FraudReviewPage,
} from './fraud-review.service.js';
export { decideFraudReview, listFraudReviews } from './fraud-review.service.js';
export { fraudScore, robustZ } from './fraud-score.js';
export type { RefreshMarketStatsOptions } from './market-stats.repository.js';
export { findMarketStats, MARKET_MIN_COMPS, refreshMarketPriceStats } from './market-stats.repository.js';
export { qualityScore, SOURCE_WEIGHTS } from './quality-score.js';
export { InvalidCursorError, LeadNotFoundError, NoOpenFraudReviewError } from './scoring.errors.js';
export type { RefreshMarketStatsHandlerOptions } from './scoring.jobs.js';
export {
  createRefreshMarketStatsHandler,
  REFRESH_MARKET_STATS_CRON,
  refreshMarketStatsJob,
  registerScoringJobs,
  scheduleScoringJobs,
} from './scoring.jobs.js';
export { findDueScores, findLeadsToRescore } from './scoring.repository.js';
export type { LeadScoring, ScoreOptions } from './scoring.service.js';
export { SCORE_VERSION, scoreLead, scoreLeads } from './scoring.service.js';
export type {
  ContactReuse,
  ContactValidation,
  FraudInput,
  MarketStats,
  QualityInput,
  ScoreReason,
  ScoreResult,
  ScoringContact,
  ScoringLead,
} from './scoring.types.js';
