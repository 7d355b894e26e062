import type { RateLimiter, RateLimiterFactory } from '../../platform/cache/index.js';
import type { Queryable } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/http/errors.js';
import {
  AuthRequiredError,
  EmailTakenError,
  InvalidCredentialsError,
  LoginRateLimitedError,
} from './accounts.errors.js';
import {
  deleteSession,
  findLoginUser,
  findUser,
  insertSession,
  insertUser,
  type UserRow,
  updatePasswordHash,
} from './accounts.repository.js';
import { normalizeEmail, passwordProblem } from './credentials.js';
import type { PasswordHasher } from './passwords.js';
import { csrfTokenFor, newSessionToken, sha256 } from './tokens.js';

export interface AccountsServiceDeps {
  db: Queryable;
  hasher: PasswordHasher;
  limits: RateLimiterFactory;
  pepper: string;
  sessionTtlHours: number;
  login: { perAccount: number; perIp: number; windowSeconds: number };
  /** Keeps limits of deployments (or test schemas) sharing one Redis apart. */
  limitNamespace: string;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserRow;
}

async function consumeOrRefuse(limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.consume(key);
  if (!decision.allowed)
    throw new LoginRateLimitedError(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
}

/** Registration, login and logout. Credentials are resolved per request by `createAuthenticator`. */
export function createAccountsService(deps: AccountsServiceDeps) {
  const spec = (name: string, points: number) => ({
    name: `${deps.limitNamespace}:${name}`,
    points,
    durationSeconds: deps.login.windowSeconds,
  });
  const perIp = deps.limits(spec('login-ip', deps.login.perIp));
  const perAccount = deps.limits(spec('login-account', deps.login.perAccount));

  return {
    /** Creates a buyer account; 400 for a bad email or weak password, 409 EMAIL_TAKEN. */
    async register(input: { email: string; password: string }): Promise<UserRow> {
      const email = normalizeEmail(input.email);
      if (!email) throw new ValidationError('body.email', 'must be an email address');
      const problem = passwordProblem(input.password, email);
      if (problem) throw new ValidationError('body.password', problem);
      const user = await insertUser(deps.db, email, await deps.hasher.hash(input.password));
      if (!user) throw new EmailTakenError();
      return user;
    },

    /**
     * Checks a password and opens a session. Every failure is INVALID_CREDENTIALS, and an unknown email
     * costs the same argon2 verification as a known one. Attempts count per IP and per account (a good
     * login clears the account's count), so neither guessing one password nor spraying many accounts
     * from one address goes far.
     */
    async login(input: { email: string; password: string; ip: string }): Promise<LoginResult> {
      const email = normalizeEmail(input.email);
      await consumeOrRefuse(perIp, input.ip);
      await consumeOrRefuse(perAccount, email ?? input.email.trim().toLowerCase().slice(0, 320));
      const user = email ? await findLoginUser(deps.db, email) : null;
      const ok = user?.password_hash
        ? await deps.hasher.verify(user.password_hash, input.password)
        : await deps.hasher.verifyNothing(input.password);
      if (!user || !ok || !email) throw new InvalidCredentialsError();
      await perAccount.reset(email);
      if (deps.hasher.needsRehash(user.password_hash!)) {
        await updatePasswordHash(deps.db, user.id, await deps.hasher.hash(input.password));
      }
      const token = newSessionToken();
      const tokenHash = sha256(token);
      const session = await insertSession(deps.db, user.id, tokenHash, deps.sessionTtlHours);
      const { password_hash: _hash, ...profile } = user;
      return {
        token,
        csrfToken: csrfTokenFor(deps.pepper, tokenHash),
        expiresAt: session.expires_at,
        user: profile,
      };
    },

    /** The signed-in user's account (a user disabled since sign-in is signed out). */
    async profile(userId: string): Promise<UserRow> {
      const user = await findUser(deps.db, userId);
      if (!user) throw new AuthRequiredError();
      return user;
    },

    /** Ends a session (the session id comes from the authenticated request). */
    async logout(sessionId: string): Promise<void> {
      await deleteSession(deps.db, sessionId);
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
