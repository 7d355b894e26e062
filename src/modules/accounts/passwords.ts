import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export interface Argon2Params {
  memoryKib: number;
  iterations: number;
  parallelism: number;
}

/** Hashes and verifies passwords with argon2id at the configured cost. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
  /**
   * Spends the same time as a real verification and returns false: used when the email is unknown, so
   * the response time does not tell an attacker which emails have accounts.
   */
  verifyNothing(password: string): Promise<false>;
  /** Whether a stored hash was made with other parameters than today's (rehash it after a good login). */
  needsRehash(hashed: string): boolean;
}

/** A hasher at the given cost; the dummy hash for unknown emails is made once, on first use. */
export function createPasswordHasher(params: Argon2Params): PasswordHasher {
  const options = {
    algorithm: ARGON2ID,
    memoryCost: params.memoryKib,
    timeCost: params.iterations,
    parallelism: params.parallelism,
  };
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, options),
    async verify(hashed, password) {
      try {
        return await verify(hashed, password);
      } catch {
        // A malformed stored hash is a failed login, never a 500 that tells the account exists.
        return false;
      }
    },
    async verifyNothing(password) {
      dummy ??= hash(randomBytes(16).toString('hex'), options);
      await verify(await dummy, password);
      return false;
    },
    needsRehash(hashed) {
      try {
        const used = parseOptions(hashed);
        return (
          used.algorithm !== ARGON2ID ||
          used.memoryCost !== params.memoryKib ||
          used.timeCost !== params.iterations ||
          used.parallelism !== params.parallelism
        );
      } catch {
        return true;
      }
    },
  };
}
