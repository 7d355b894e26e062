import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_API_KEY_PEPPER, loadConfig } from '../../src/config.js';

function refusal(env: Record<string, string>): ConfigError | undefined {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  return undefined;
}

describe('API_KEY_PEPPER', () => {
  it.each(['development', 'test'])('defaults to the development pepper in %s', (NODE_ENV) => {
    expect(loadConfig({ NODE_ENV }).API_KEY_PEPPER).toBe(DEV_API_KEY_PEPPER);
  });

  it('is required in production', () => {
    expect(refusal({ NODE_ENV: 'production' })?.variable).toBe('API_KEY_PEPPER');
  });

  it('refuses the development pepper in production', () => {
    const error = refusal({ NODE_ENV: 'production', API_KEY_PEPPER: DEV_API_KEY_PEPPER });
    expect(error?.variable).toBe('API_KEY_PEPPER');
    expect(error?.message).not.toContain(DEV_API_KEY_PEPPER);
  });

  it('refuses a short pepper anywhere', () => {
    expect(refusal({ API_KEY_PEPPER: 'too-short' })?.variable).toBe('API_KEY_PEPPER');
  });

  it('takes a pepper of your own in production', () => {
    const pepper = 'a-real-secret-value-of-forty-characters!';
    expect(loadConfig({ NODE_ENV: 'production', API_KEY_PEPPER: pepper }).API_KEY_PEPPER).toBe(pepper);
  });
});
