import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// Workflow code is replayed by Temporal and must be deterministic: no Node
// builtins, no I/O clients. Its activities live in the owning service and
// the workflow knows them only by the interface in its contract.ts.
const ioPackages = [
  'pg',
  'knex',
  'kafkajs',
  'minio',
  'ioredis',
  'koa',
  '@koa/*',
  '@connectrpc/*',
  'bcrypt',
  'jose',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];
const workflowRestrictedImports = {
  paths: builtinModules
    .flatMap((name) => [name, `node:${name}`])
    .map((name) => ({ name, message: 'Workflows must not use Node builtins: move this into an activity.' })),
  patterns: [
    { group: ioPackages, message: 'Workflows must not do I/O: call an activity instead.' },
    servicesPattern(),
  ],
};
// Nothing under workflows/ (tests and the bundle script included) imports a
// service, not even a type: the owning service implements the contract.
function servicesPattern() {
  return {
    group: ['**/services', '**/services/**'],
    message:
      'workflows/ must not import services/: put the type in the contract (docs/durable-processes.md).',
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'proto/gen/**',
      'packages/*/dist/**',
      'packages/client/src/generated/**',
      '.streamhub/**',
      'jest.config.js',
      '.dependency-cruiser.cjs',
      '**/__fixtures__/**',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [servicesPattern()] }],
    },
  },
  {
    // Everything the workflow bundle loads: the workflows and their contracts.
    files: ['workflows/**/*.ts'],
    ignores: [
      'workflows/**/*.test.ts',
      'workflows/testing/**',
      'workflows/build-bundle.ts',
      'workflows/workflow-source.ts',
    ],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', workflowRestrictedImports],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use a loop with sleep().' },
        { name: 'process', message: 'Workflows must not read the environment.' },
      ],
    },
  },
  {
    // Tests read JSON answers loosely on purpose: the assertions are the types.
    files: ['**/*.test.ts', 'services/internal/testing/**', 'services/gateway/testing/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
