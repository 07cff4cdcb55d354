// Two projects: `unit` needs nothing running; `integration` talks to the real
// servers that `npm test` starts (see tilt/local). ESM-only packages (jose,
// @kubernetes/client-node and its OIDC libraries) are compiled to CommonJS by
// swc for jest's loader.
const transform = {
  '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const transformIgnorePatterns = [
  '/node_modules/(?!(jose|@kubernetes/client-node|openid-client|oauth4webapi)/)',
];
const common = {
  transform,
  transformIgnorePatterns,
  testEnvironment: 'node',
  // Sources import siblings as .js (nodenext); jest resolves them to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  roots: [
    '<rootDir>/services',
    '<rootDir>/workflows',
    '<rootDir>/tilt',
    '<rootDir>/migrations',
    '<rootDir>/charts',
    '<rootDir>/tools',
    '<rootDir>/docs',
    '<rootDir>/bench',
    '<rootDir>/packages',
  ],
};

module.exports = {
  // Jest 30 reads testTimeout only here; integration tests wait on real servers.
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['\\.int\\.test\\.ts$', '/dist/', '/__fixtures__/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.int.test.ts'],
      testPathIgnorePatterns: ['/dist/', '/__fixtures__/'],
    },
  ],
};
