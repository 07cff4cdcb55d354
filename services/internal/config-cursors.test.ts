import { ConfigError, loadConfig } from './config';

describe('CURSOR_SIGNING_KEY', () => {
  it('is required in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, ['cursors'])).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', CURSOR_SIGNING_KEY: 'short' }, ['cursors'])).toThrow(
      /CURSOR_SIGNING_KEY: must be at least 32 characters/,
    );
  });

  it('signs with the configured key, else (outside production) one fixed development key', () => {
    const key = 'k'.repeat(32);
    const configured = loadConfig({ NODE_ENV: 'production', CURSOR_SIGNING_KEY: key }, ['cursors']);
    expect(configured.get('cursors').signingKey).toEqual(Buffer.from(key));
    const first = loadConfig({}, ['cursors']).get('cursors').signingKey;
    const second = loadConfig({ NODE_ENV: 'test' }, ['cursors']).get('cursors').signingKey;
    expect(first).toEqual(second);
    expect(first).not.toEqual(Buffer.from(key));
  });
});
