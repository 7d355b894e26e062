import { AppError, NotFoundError } from '../../platform/http/errors.js';

/** No credentials, or credentials that do not resolve to an active user (bad, expired, revoked). */
export class AuthRequiredError extends AppError {
  constructor(code = 'AUTH_REQUIRED', message = 'Sign in or send a valid bearer token') {
    super(code, message, 401);
  }
}

/** Signed in, but the role does not allow this. */
export class ForbiddenError extends AppError {
  constructor(message = 'Your role does not allow this') {
    super('FORBIDDEN', message, 403);
  }
}

/** A cookie-authenticated write without the session's X-CSRF-Token. */
export class CsrfError extends AppError {
  constructor() {
    super('CSRF_TOKEN_INVALID', 'Send the X-CSRF-Token header given at login with this request', 403);
  }
}

/** The same answer for an unknown email and a wrong password, so neither can be told apart. */
export class InvalidCredentialsError extends AppError {
  constructor() {
    super('INVALID_CREDENTIALS', 'Email or password is incorrect', 401);
  }
}

export class EmailTakenError extends AppError {
  constructor() {
    super('EMAIL_TAKEN', 'An account with this email already exists', 409);
  }
}

/** Too many login attempts; `retryAfterSeconds` goes out as Retry-After. */
export class LoginRateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('LOGIN_RATE_LIMITED', `Too many login attempts; retry in ${retryAfterSeconds} s`, 429, {
      retry_after_seconds: retryAfterSeconds,
    });
  }
}

export class ApiKeyNotFoundError extends NotFoundError {
  constructor() {
    super('API_KEY_NOT_FOUND', 'No such API key');
  }
}

/** Logout with an API key: there is no session to end (revoke the key instead). */
export class NoSessionError extends AppError {
  constructor() {
    super('NO_SESSION', 'This request is not authenticated by a session; revoke API keys instead', 400);
  }
}
