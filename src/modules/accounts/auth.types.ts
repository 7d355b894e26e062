// The identity other modules see. `request.user` is set by the `requireUser` / `requireAdmin` hooks.

export type Role = 'buyer' | 'operator' | 'admin';

/** The signed-in user, as every route handler sees it. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
}

/** How a request was authenticated (set together with `request.user`). */
export interface AuthContext {
  /** `admin_token`: the legacy ADMIN_TOKEN bearer, accepted by requireAdmin only; no user is set. */
  method: 'session' | 'api_key' | 'admin_token';
  /** Where the credential came from; CSRF checks apply to `cookie` only. */
  via: 'bearer' | 'cookie';
  sessionId?: string;
  /** The session's CSRF token (sessions only). */
  csrfToken?: string;
  sessionExpiresAt?: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requireUser/requireAdmin; read it with `currentUser(request)`. */
    user?: AuthUser;
    auth?: AuthContext;
  }
}
