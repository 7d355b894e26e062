import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives working defaults for the embedded backend', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: 'localhost',
      DATA_DIR: './data',
      databaseKind: 'pglite',
    });
  });

  it('selects PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).databaseKind).toBe('postgres');
  });

  it.each([
    [{ PORT: '80' }, 'PORT', 80],
    [{ RUN_JOBS: 'false' }, 'RUN_JOBS', false],
    [{ RUN_JOBS: 'yes' }, 'RUN_JOBS', true],
    [{ LOG_LEVEL: 'debug' }, 'LOG_LEVEL', 'debug'],
    [{ PORT: '  ' }, 'PORT', 3000],
  ])('parses %j', (env, key, expected) => {
    expect(loadConfig(env)[key as 'PORT']).toBe(expected);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', 'PORT must be integer (got "abc")'],
    [{ PORT: '70000' }, 'PORT', 'PORT must be <= 65535'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'LOG_LEVEL must be one of fatal, error'],
    [{ RUN_JOBS: 'maybe' }, 'RUN_JOBS', 'RUN_JOBS must be boolean'],
    [{ DATABASE_SCHEMA: 'Bad-Name' }, 'DATABASE_SCHEMA', 'DATABASE_SCHEMA must match'],
  ])('refuses %j naming the variable', (env, variable, message) => {
    const error = (() => {
      try {
        loadConfig(env);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(message);
  });

  it('never echoes a URL back, since it may hold a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:secret@host/db' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:secret@host/db' })).not.toThrow(/secret/);
  });

  it('.env.example documents every variable the config reads', () => {
    const example = readFileSync('.env.example', 'utf8');
    const missing = configVariables().filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });
});
