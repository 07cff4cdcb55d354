import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies defaults for optional settings', () => {
    const config = loadConfig({}, ['http', 'tokens']);
    expect(config.get('http')).toEqual({ host: '127.0.0.1', port: 8080, trustProxy: false });
    expect(config.get('tokens').accessTokenTtlSeconds).toBe(900);
  });

  it('coerces numbers and splits lists', () => {
    const config = loadConfig({ HTTP_PORT: '9000', KAFKA_BROKERS: 'a:1, b:2' }, ['http', 'kafka']);
    expect(config.get('http').port).toBe(9000);
    expect(config.get('kafka').brokers).toEqual(['a:1', 'b:2']);
  });

  it('reports every problem of every section in one error', () => {
    let error: unknown;
    try {
      loadConfig({ HTTP_PORT: 'eighty', DATABASE_URL: 'mysql://x', BCRYPT_COST: '3' }, [
        'http',
        'database',
        'redis',
        'tokens',
      ]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/HTTP_PORT/);
    expect(problems).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(problems).toMatch(/REDIS_URL/);
    expect(problems).toMatch(/BCRYPT_COST/);
    expect((error as ConfigError).message).toMatch(/^Invalid configuration:\n {2}- /);
  });

  it('keeps upload URLs within the 7 days S3 signs for', () => {
    expect(loadConfig({}, ['files']).get('files').uploadUrlTtlSeconds).toBe(3600);
    expect(loadConfig({ UPLOAD_URL_TTL_SECONDS: '604800' }, ['files']).get('files').uploadUrlTtlSeconds).toBe(
      604800,
    );
    expect(() => loadConfig({ UPLOAD_URL_TTL_SECONDS: '604801' }, ['files'])).toThrow(
      /UPLOAD_URL_TTL_SECONDS/,
    );
  });

  it('gives part URLs 15 minutes by default, configurable within the same 7 days', () => {
    expect(loadConfig({}, ['files']).get('files').uploadPartUrlTtlSeconds).toBe(900);
    expect(
      loadConfig({ UPLOAD_PART_URL_TTL_SECONDS: '60' }, ['files']).get('files').uploadPartUrlTtlSeconds,
    ).toBe(60);
    expect(() => loadConfig({ UPLOAD_PART_URL_TTL_SECONDS: '604801' }, ['files'])).toThrow(
      /UPLOAD_PART_URL_TTL_SECONDS/,
    );
  });

  it('gives public links a 7-day default within a 30-day maximum, and refuses a default above the maximum', () => {
    const files = loadConfig({}, ['files', 'rateLimits']);
    expect(files.get('files')).toMatchObject({
      linkDefaultTtlSeconds: 7 * 86_400,
      linkMaxTtlSeconds: 30 * 86_400,
      linkUrlTtlSeconds: 60,
      bcryptCost: 12,
    });
    expect(files.get('rateLimits')).toMatchObject({ publicLinkPerIp: 120, publicLinkPerToken: 60 });
    expect(() =>
      loadConfig({ LINK_DEFAULT_TTL_SECONDS: '100', LINK_MAX_TTL_SECONDS: '99' }, ['files']),
    ).toThrow(/LINK_DEFAULT_TTL_SECONDS/);
  });

  it('refuses to hand out a section nobody declared', () => {
    const config = loadConfig({}, ['http']);
    expect(() => config.get('tokens')).toThrow(/not declared/);
  });
});
