import { Type } from 'typebox';
import { PASSWORD_MAX_LENGTH } from './credentials.js';

// Request and response schemas of the accounts routes. Responses list every field that may leave the
// server: password hashes and key hashes have no schema, so they cannot.

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

export const Credentials = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320 }),
    // The policy (length, not the email) is checked by the service so it answers with a clear reason.
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH * 4 }),
  },
  { additionalProperties: false },
);

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  role: Type.Enum(['buyer', 'operator', 'admin']),
  created_at: DateTime,
});

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'Session token: send as `Authorization: Bearer <token>`' }),
  csrf_token: Type.String({ description: 'Echo in X-CSRF-Token on writes authenticated by the cookie' }),
  expires_at: DateTime,
  user: User,
});

export const MeResponse = Type.Object({
  user: User,
  auth: Type.Enum(['session', 'api_key']),
  session: Type.Union([Type.Object({ expires_at: DateTime, csrf_token: Type.String() }), Type.Null()]),
});

export const ApiKey = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String({ description: 'Identifies the key: it reads aiq_<prefix>_…' }),
  created_at: DateTime,
  last_used_at: NullableDateTime,
  revoked_at: NullableDateTime,
});

export const CreatedApiKey = Type.Object({
  ...ApiKey.properties,
  key: Type.String({ description: 'The full key, shown this once: store it now' }),
});

export const CreateApiKey = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
