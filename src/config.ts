import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Static, Type } from 'typebox';
import Value from 'typebox/value';

/**
 * Every setting the processes read. Nothing else in the code reads process.env: values are parsed and
 * validated here once, at start, and a bad value stops the process with one line naming the variable.
 */
const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
  }),
  HOST: Type.String({ minLength: 1, default: 'localhost' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_SCHEMA: Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$', default: 'public' }),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  RUN_JOBS: Type.Boolean({ default: true }),
  WORKER_METRICS_PORT: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  JOB_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 2 }),
  // Caps every job's retry delay (seconds; unset: each job's own backoff). Tests and demos shorten it.
  JOB_RETRY_DELAY_MAX_SECONDS: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
  SEED_DEMO: Type.Boolean({ default: true }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 15_000 }),
  FETCH_USER_AGENT: Type.String({ minLength: 3, default: 'AIQLeadsBot/0.1 (+https://aiqleads.example/bot)' }),
  FETCH_MIN_GAP_MS: Type.Integer({ minimum: 0, maximum: 600_000, default: 1000 }),
  FETCH_HOST_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 32, default: 1 }),
  FETCH_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 15_000 }),
  FETCH_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 100 * 1024 * 1024, default: 5 * 1024 * 1024 }),
  FETCH_ALLOW_PRIVATE_HOSTS: Type.String({ default: '' }),
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  FACEBOOK_APP_SECRET: Type.Optional(Type.String({ minLength: 8 })),
  FACEBOOK_VERIFY_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  FACEBOOK_ACCESS_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  FACEBOOK_GRAPH_URL: Type.String({ pattern: '^https?://', default: 'https://graph.facebook.com/v25.0' }),
  LINKEDIN_API_URL: Type.String({ pattern: '^https?://', default: 'https://api.linkedin.com/rest' }),
  LINKEDIN_ACCESS_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  LINKEDIN_AD_ACCOUNTS: Type.String({ default: '' }),
  LINKEDIN_VERSION: Type.String({ pattern: '^[0-9]{6}$', default: '202411' }),
  LINKEDIN_POLL_CRON: Type.String({ pattern: '^\\S+( \\S+){4,5}$', default: '*/15 * * * *' }),
  SLACK_WEBHOOK_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  PAGERDUTY_ROUTING_KEY: Type.Optional(Type.String({ minLength: 8 })),
  PAGERDUTY_EVENTS_URL: Type.String({
    pattern: '^https?://',
    default: 'https://events.pagerduty.com/v2/enqueue',
  }),
  // Contact validation: MX lookups (off by default; custom DNS servers optional), cache lifetime, and how
  // many values are checked at once.
  EMAIL_MX_CHECK: Type.Boolean({ default: false }),
  EMAIL_DNS_SERVERS: Type.String({ default: '' }),
  EMAIL_MX_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 3000 }),
  VALIDATION_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 31_536_000, default: 604_800 }),
  VALIDATION_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 8 }),
  // Optional LLM text extraction through any OpenAI-compatible endpoint; deterministic rules when unset.
  LLM_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  LLM_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  LLM_MODEL: Type.String({ minLength: 1, default: 'gpt-4o-mini' }),
  LLM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 20_000 }),
  // A lead whose fraud score (0-100) reaches this waits in the admin review queue, not sellable.
  FRAUD_REVIEW_THRESHOLD: Type.Integer({ minimum: 1, maximum: 100, default: 60 }),
  // Accounts: argon2id cost (OWASP minimum by default), session lifetime, login limits, API-key pepper.
  ARGON2_MEMORY_KIB: Type.Integer({ minimum: 1024, maximum: 1_048_576, default: 19_456 }),
  ARGON2_ITERATIONS: Type.Integer({ minimum: 1, maximum: 20, default: 2 }),
  ARGON2_PARALLELISM: Type.Integer({ minimum: 1, maximum: 16, default: 1 }),
  SESSION_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 8760, default: 168 }),
  LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: Type.Integer({ minimum: 1, maximum: 100_000, default: 10 }),
  LOGIN_MAX_ATTEMPTS_PER_IP: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 100 }),
  LOGIN_WINDOW_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 900 }),
  API_KEY_PEPPER: Type.Optional(Type.String({ minLength: 32 })),
  // Billing: the payment provider (sandbox completes purchases at once), Stripe's API and webhook
  // secrets, recurring Price ids per paid plan, where Checkout sends buyers back, the renewal grace.
  BILLING_PROVIDER: Type.Enum(['sandbox', 'stripe'], { default: 'sandbox' }),
  STRIPE_API_URL: Type.String({ pattern: '^https?://', default: 'https://api.stripe.com' }),
  STRIPE_SECRET_KEY: Type.Optional(Type.String({ minLength: 8 })),
  STRIPE_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 8 })),
  STRIPE_PRICE_PRO: Type.Optional(Type.String({ minLength: 3 })),
  STRIPE_PRICE_TEAM: Type.Optional(Type.String({ minLength: 3 })),
  BILLING_SUCCESS_URL: Type.String({
    pattern: '^https?://',
    default: 'http://localhost:3000/billing/success',
  }),
  BILLING_CANCEL_URL: Type.String({ pattern: '^https?://', default: 'http://localhost:3000/billing/cancel' }),
  SUBSCRIPTION_GRACE_DAYS: Type.Integer({ minimum: 0, maximum: 60, default: 7 }),
  // Saved-search alerts: SMTP server for alert emails (in-app only when unset), their sender, the daily
  // digest's cron (UTC), tries per email/webhook delivery, and saved searches per account.
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  ALERT_FROM_EMAIL: Type.String({ minLength: 3, default: 'AIQLeads alerts <alerts@aiqleads.example>' }),
  ALERT_DIGEST_CRON: Type.String({ pattern: '^\\S+( \\S+){4,5}$', default: '0 13 * * *' }),
  ALERT_DELIVERY_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, default: 6 }),
  SAVED_SEARCHES_PER_USER: Type.Integer({ minimum: 1, maximum: 10_000, default: 50 }),
  // Pricing: list-price floor and ceiling in credits, buyers per lead, the exclusive-purchase price (percent
  // of the shared price), and the half-lives of demand signals and of lead freshness (docs/PRICING.md).
  PRICE_FLOOR_CREDITS: Type.Integer({ minimum: 1, maximum: 100_000, default: 3 }),
  PRICE_CEILING_CREDITS: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 250 }),
  EXCLUSIVITY_MAX_BUYERS: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
  EXCLUSIVE_MULTIPLIER_PERCENT: Type.Integer({ minimum: 100, maximum: 10_000, default: 250 }),
  DEMAND_HALF_LIFE_HOURS: Type.Integer({ minimum: 1, maximum: 2160, default: 72 }),
  FRESHNESS_HALF_LIFE_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 14 }),
  // Marketplace: how long a cart quote holds its price, the dispute window after a purchase, and tries per
  // CRM webhook delivery (docs/MARKETPLACE.md).
  CART_PRICE_LOCK_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 15 }),
  CART_MAX_ITEMS: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  DISPUTE_WINDOW_DAYS: Type.Integer({ minimum: 1, maximum: 90, default: 7 }),
  CRM_DELIVERY_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, default: 6 }),
});

export type Config = Static<typeof ConfigSchema> & {
  /** Which database backend the settings select. */
  databaseKind: 'pglite' | 'postgres';
};

/** The API-key pepper outside production when none is set; refused in production. */
export const DEV_API_KEY_PEPPER = 'aiqleads-development-only-api-key-pepper';

/** Thrown when the environment holds a value the config schema refuses; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  on: true,
  false: false,
  '0': false,
  no: false,
  off: false,
};

/** Environment strings to typed values; anything unparseable is left as a string for the schema to refuse. */
function coerce(name: string, raw: string): unknown {
  const schema = ConfigSchema.properties[name as keyof typeof ConfigSchema.properties] as { type?: string };
  const text = raw.trim();
  if (schema.type === 'integer') return /^-?\d+$/.test(text) ? Number(text) : text;
  if (schema.type === 'boolean') return BOOLEAN_WORDS[text.toLowerCase()] ?? text;
  return text;
}

/** One readable reason; URLs are not echoed back since they may carry passwords. */
function describeProblem(variable: string, message: string, raw: string | undefined): string {
  const schema = ConfigSchema.properties[variable as keyof typeof ConfigSchema.properties] as {
    enum?: string[];
  };
  const reason = schema?.enum ? `must be one of ${schema.enum.join(', ')}` : message;
  if (raw === undefined || /_URL$|TOKEN|SECRET|KEY/.test(variable)) return reason;
  return `${reason} (got ${JSON.stringify(raw)})`;
}

/** Splits a comma-separated setting into its trimmed, non-empty items. */
export function listSetting(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Parses and validates settings from an environment map (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, unknown> = {};
  for (const name of Object.keys(ConfigSchema.properties)) {
    const raw = env[name];
    if (raw !== undefined && raw.trim() !== '') input[name] = coerce(name, raw);
  }
  const withDefaults = Value.Default(ConfigSchema, input) as Record<string, unknown>;
  const [first] = Value.Errors(ConfigSchema, withDefaults);
  if (first) {
    const variable = first.instancePath.replace(/^\//, '') || '?';
    throw new ConfigError(variable, describeProblem(variable, first.message, env[variable]));
  }
  const parsed = withDefaults as Static<typeof ConfigSchema>;
  // API keys are stored as HMACs under this pepper: development and tests get a fixed value so they
  // need no setup; production must bring its own and may not run on that one.
  if (parsed.NODE_ENV === 'production') {
    if (!parsed.API_KEY_PEPPER || parsed.API_KEY_PEPPER === DEV_API_KEY_PEPPER) {
      throw new ConfigError('API_KEY_PEPPER', 'must be set to a secret of your own in production');
    }
  } else {
    parsed.API_KEY_PEPPER ??= DEV_API_KEY_PEPPER;
  }
  // Stripe cannot take a payment without its secret key: refuse at start, not at the first purchase.
  if (parsed.BILLING_PROVIDER === 'stripe' && !parsed.STRIPE_SECRET_KEY) {
    throw new ConfigError('STRIPE_SECRET_KEY', 'is required when BILLING_PROVIDER=stripe');
  }
  if (parsed.PRICE_FLOOR_CREDITS > parsed.PRICE_CEILING_CREDITS) {
    throw new ConfigError('PRICE_FLOOR_CREDITS', 'must not exceed PRICE_CEILING_CREDITS');
  }
  return { ...parsed, databaseKind: parsed.DATABASE_URL ? 'postgres' : 'pglite' };
}

/** Loads `.env` from the working directory into process.env when present; real env vars win. */
export function loadDotEnv(file = path.resolve('.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** Describes every variable with its default, for `.env.example` checks and `--help`. */
export function configVariables(): string[] {
  return Object.keys(ConfigSchema.properties);
}
