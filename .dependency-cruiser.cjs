// The import rules of docs/architecture.md, checked by `npm run lint`
// (`depcruise` step) and by tools/dependency-rules/dependency-rules.test.ts.
// Paths are relative to the repository root. Type-only imports count: a type
// borrowed from another service is still a dependency on its tables.

/** The composition root: it starts every module, so it may import every service. */
const compositionRoot = '^services/(main|modules|platform)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cross-service-import',
      severity: 'error',
      comment:
        'A service talks to another service through gRPC, Kafka or Temporal, never by importing its code. ' +
        'Shared infrastructure belongs in services/internal; a contract belongs in proto/ or workflows/.',
      from: { path: '^services/([^/]+)/', pathNot: '^services/internal/' },
      to: { path: '^services/', pathNot: ['^services/$1/', '^services/internal/'] },
    },
    {
      name: 'internal-imports-no-service',
      severity: 'error',
      comment:
        'services/internal is the infrastructure every service shares; it must not depend on any one of them. ' +
        'Only the test harness (services/internal/testing) may boot the composition root, as main.ts does.',
      from: { path: '^services/internal/', pathNot: '^services/internal/testing/' },
      to: { path: '^services/', pathNot: '^services/internal/' },
    },
    {
      name: 'internal-testing-boots-only-the-composition-root',
      severity: 'error',
      comment:
        'services/internal/testing starts the platform through services/platform.ts; it reaches no service directly.',
      from: { path: '^services/internal/testing/' },
      to: { path: '^services/', pathNot: ['^services/internal/', compositionRoot] },
    },
    {
      name: 'workflows-import-no-service',
      severity: 'error',
      comment:
        'workflows/ holds deterministic workflow code and its contracts (inputs, signals, updates, ids), ' +
        'tests included. Activities live in the service that owns the data and implement the contract. ' +
        'Services may import workflow contracts, not the reverse.',
      from: { path: '^workflows/' },
      to: { path: '^services/' },
    },
    {
      name: 'no-import-cycle',
      severity: 'error',
      comment:
        'Modules that import each other cannot be understood, tested or moved one at a time. ' +
        'Move what both need into a third module, or pass it in through a factory.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|\\.streamhub|__fixtures__)/' },
    // Count `import type` and type-only uses, as the TypeScript source has them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
