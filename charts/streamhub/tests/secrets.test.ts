import { envOf, find, isHook, mainContainer, ofKind } from './support/objects';
import { renderChart } from './support/render-chart';

const PRODUCTION = 'charts/streamhub/ci/production.yaml';

describe('secrets', () => {
  it('uses existingSecret instead of rendering a Secret', async () => {
    const objects = await renderChart({ valuesFiles: [PRODUCTION] });
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const env = (name: string) => envOf(mainContainer(find(objects, 'Deployment', `sh-streamhub-${name}`)));
    expect(env('auth').DATABASE_URL).toBe('secret:streamhub-database/DATABASE_URL');
    expect(env('gateway').REDIS_URL).toBe('secret:streamhub-redis/REDIS_URL');
    expect(env('storage')).toMatchObject({
      S3_ACCESS_KEY: 'secret:streamhub-s3/S3_ACCESS_KEY',
      S3_SECRET_KEY: 'secret:streamhub-s3/S3_SECRET_KEY',
    });
    expect(envOf(mainContainer(find(objects, 'Job', 'sh-streamhub-migrations'))).DATABASE_URL).toBe(
      'secret:streamhub-database/DATABASE_URL',
    );
  });

  it('reads a custom key of an existing Secret', async () => {
    const objects = await renderChart({
      valuesFiles: [PRODUCTION],
      set: { 'external.database.existingSecretKey': 'uri' },
    });
    expect(envOf(mainContainer(find(objects, 'Deployment', 'sh-streamhub-auth'))).DATABASE_URL).toBe(
      'secret:streamhub-database/uri',
    );
  });

  it('renders URLs and keys given in values into its own Secret, never into the ConfigMap', async () => {
    const objects = await renderChart({
      valuesFiles: [PRODUCTION],
      set: {
        'external.database.existingSecret': '',
        'external.database.url': 'postgres://u:p@db:5432/streamhub',
        'external.s3.existingSecret': '',
        'external.s3.accessKey': 'AKIA-TEST',
        'external.s3.secretKey': 'very-secret',
      },
    });
    const secret = find(objects, 'Secret', 'sh-streamhub-secrets');
    expect(secret.stringData).toEqual({
      DATABASE_URL: 'postgres://u:p@db:5432/streamhub',
      S3_ACCESS_KEY: 'AKIA-TEST',
      S3_SECRET_KEY: 'very-secret',
    });
    const config = JSON.stringify(find(objects, 'ConfigMap', 'sh-streamhub-config'));
    expect(config).not.toContain('very-secret');
    expect(config).not.toContain('u:p@');
  });

  it('gives the auth target SMTP_URL from the chart’s Secret or an existing one, never from the ConfigMap', async () => {
    const fromValues = await renderChart({
      valuesFiles: [PRODUCTION],
      set: { 'external.smtp.url': 'smtps://mailer:pw@smtp.example.com:465' },
    });
    expect(find(fromValues, 'Secret', 'sh-streamhub-secrets').stringData).toEqual({
      SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465',
    });
    expect(envOf(mainContainer(find(fromValues, 'Deployment', 'sh-streamhub-auth'))).SMTP_URL).toBe(
      'secret:sh-streamhub-secrets/SMTP_URL',
    );
    expect(JSON.stringify(find(fromValues, 'ConfigMap', 'sh-streamhub-config'))).not.toContain('mailer:pw');

    const existing = await renderChart({
      valuesFiles: [PRODUCTION],
      set: { 'external.smtp.existingSecret': 'streamhub-smtp', 'external.smtp.existingSecretKey': 'url' },
    });
    expect(ofKind(existing, 'Secret')).toEqual([]);
    expect(envOf(mainContainer(find(existing, 'Deployment', 'sh-streamhub-auth'))).SMTP_URL).toBe(
      'secret:streamhub-smtp/url',
    );
  });

  it('generates quick-start credentials in their own Secrets unless an existingSecret is given', async () => {
    const generated = await renderChart();
    expect(
      ofKind(generated, 'Secret')
        .map((secret) => secret.metadata.name)
        .sort(),
    ).toEqual(['sh-streamhub-minio', 'sh-streamhub-postgres', 'sh-streamhub-redis']);
    expect(find(generated, 'Secret', 'sh-streamhub-postgres').stringData.password).toMatch(
      /^[A-Za-z0-9]{32}$/,
    );

    const given = await renderChart({
      set: {
        'quickstart.postgres.existingSecret': 'pg-creds',
        'quickstart.redis.existingSecret': 'redis-creds',
        'quickstart.minio.existingSecret': 'minio-creds',
      },
    });
    expect(ofKind(given, 'Secret')).toEqual([]);
    const env = envOf(mainContainer(find(given, 'Deployment', 'sh-streamhub-all')));
    expect(env).toMatchObject({
      DATABASE_PASSWORD: 'secret:pg-creds/password',
      REDIS_PASSWORD: 'secret:redis-creds/password',
      S3_ACCESS_KEY: 'secret:minio-creds/root-user',
      S3_SECRET_KEY: 'secret:minio-creds/root-password',
    });
  });

  it('gives the pre-install migrations hook its own hook Secret when the database URL comes from values', async () => {
    const objects = await renderChart({ valuesFiles: ['charts/streamhub/ci/mixed.yaml'] });
    const hookSecret = find(objects, 'Secret', 'sh-streamhub-migrations');
    expect(isHook(hookSecret)).toBe(true);
    expect(hookSecret.metadata.annotations?.['helm.sh/hook-weight']).toBe('-10');
    expect(envOf(mainContainer(find(objects, 'Job', 'sh-streamhub-migrations'))).DATABASE_URL).toBe(
      'secret:sh-streamhub-migrations/DATABASE_URL',
    );
  });
});
