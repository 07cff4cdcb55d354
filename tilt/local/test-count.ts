// The plain closing line of a jest run: "tests: N passed, N failed[, N skipped]".
// Jest's own summary ("Tests: 12 passed, 12 total") is not read as a count by
// CI, so a run that passed could be taken for one that ran no test.
import fs from 'node:fs';

interface JestJsonSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
}

export function closingLine(summary: JestJsonSummary): string {
  // A suite that could not run (syntax error, failing beforeAll) counts as a failure.
  const failed = summary.numFailedTests + summary.numRuntimeErrorTestSuites;
  const skipped = summary.numPendingTests + summary.numTodoTests;
  const line = `tests: ${summary.numPassedTests} passed, ${failed} failed`;
  return skipped > 0 ? `${line}, ${skipped} skipped` : line;
}

/** The closing line from jest's --json output file, or why there is none. */
export function closingLineOf(resultsFile: string): string {
  if (!fs.existsSync(resultsFile)) return 'tests: jest wrote no results (it did not finish)';
  return closingLine(JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as JestJsonSummary);
}
