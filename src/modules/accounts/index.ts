// Accounts: users, roles, sessions (bearer token or cookie + CSRF), API keys. This file is the module's
// only face; other modules and workflows import from here.

export {
  ApiKeyNotFoundError,
  AuthRequiredError,
  CsrfError,
  ForbiddenError,
  InvalidCredentialsError,
} from './accounts.errors.js';
export { accountsModule } from './accounts.module.js';
export { type AuthDeps, authHooks, CSRF_HEADER, currentUser } from './auth.hooks.js';
export type { AuthContext, AuthUser, Role } from './auth.types.js';
export { SESSION_COOKIE } from './cookies.js';
