import { createTimeSkippingEnv, TEST_SERVER_PATH_ENV } from './time-skipping-env';

describe('createTimeSkippingEnv outside `npm test`', () => {
  const saved = process.env[TEST_SERVER_PATH_ENV];

  afterEach(() => {
    if (saved === undefined) delete process.env[TEST_SERVER_PATH_ENV];
    else process.env[TEST_SERVER_PATH_ENV] = saved;
  });

  it('fails, and says to use npm test, when TEMPORAL_TEST_SERVER_PATH is not set', async () => {
    delete process.env[TEST_SERVER_PATH_ENV];
    await expect(createTimeSkippingEnv()).rejects.toThrow(
      'TEMPORAL_TEST_SERVER_PATH is not set: run the tests with `npm test`',
    );
  });
});
