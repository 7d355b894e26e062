export { type AddressCheck, type AddressGuard, createAddressGuard, systemResolver } from './address-guard.js';
export { MAX_REDIRECTS } from './attempt.js';
export { detectBlock, detectGenericBlock } from './block-detect.js';
export { decodeBody } from './body.js';
export { DEFAULT_BREAKER } from './breakers.js';
export type {
  BlockDetector,
  BlockProbe,
  BreakerOptions,
  BreakerStateName,
  Clock,
  FailureKind,
  FetchFailure,
  FetchRequest,
  FetchResult,
  FetchSuccess,
  GuardedFetchOptions,
  RequestKind,
  Resolver,
  RetryAdvice,
  RobotsDecision,
  RobotsSource,
} from './fetch.types.js';
export { BREAKER_GAUGE, createFetchMetrics, type FetchMetrics } from './fetch-metrics.js';
export { createGuardedFetch, FETCH_DEFAULTS, type GuardedFetch } from './guarded-fetch.js';
export { compileAllowList, nonPublicReason, parseCidr, parseIp } from './ip-ranges.js';
export { adviceForStatus, backoffDelay, parseRetryAfter } from './retry-policy.js';
export { productToken } from './robots.js';
