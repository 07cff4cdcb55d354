import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestPlatform, type TestPlatform } from '../../../services/internal/testing/test-platform';

// The client is generated from packages/client/openapi.json: it must be the
// document a running gateway publishes (regenerate with `npm run generate:client`).
describe('the committed OpenAPI document of @streamhub/client', () => {
  let app: TestPlatform;

  beforeAll(async () => {
    app = await startTestPlatform({ targets: ['gateway'] });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('equals the live /openapi.json', async () => {
    const live = await (await fetch(`${app.baseUrl}/openapi.json`)).json();
    const committed = JSON.parse(await readFile(path.join(__dirname, '..', 'openapi.json'), 'utf8'));
    expect(live).toEqual(committed);
  });
});
