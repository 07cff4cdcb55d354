// Integration tests read the servers' addresses from the environment that
// `npm test` sets. Missing settings fail the test loudly: a skipped
// integration test looks like a passing one.
export function requireTestEnv<Name extends string>(names: readonly Name[]): Record<Name, string> {
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    const verb = missing.length === 1 ? 'is' : 'are';
    throw new Error(
      `${missing.join(', ')} ${verb} not set: run the tests with \`npm test\`, which starts the real servers (see tilt/local/README.md)`,
    );
  }
  return Object.fromEntries(names.map((name) => [name, process.env[name]!])) as Record<Name, string>;
}
