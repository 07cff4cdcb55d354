import { passingRunSummary } from './schemathesis-summary';

// The end of a real passing run (Schemathesis 4, CI on 2026-12-01).
const PASSING_RUN = `Fuzzing ... 75/75
SUMMARY ====================================

API Operations:
  Selected: 75/77
  Tested: 75

Test cases:
  5480 generated, 5480 passed

Seed: 20261130

============================ 3 warnings in 119.20s =============================
`;

// What a runner's closing line looks like to CI's reader: pytest's "N passed
// in 1.2s" or "N warnings in 1.2s", with or without its rule of "=".
const RUNNER_CLOSING_LINE = /^=*\s*\d+ (passed|failed|warnings?|errors?|skipped)\b.* in [\d.]+s\s*=*$/;

describe('passingRunSummary', () => {
  it('keeps the summary and its counts', () => {
    const summary = passingRunSummary(PASSING_RUN);
    expect(summary.startsWith('SUMMARY')).toBe(true);
    expect(summary).toContain('5480 generated, 5480 passed');
    expect(summary).not.toContain('Fuzzing ...');
  });

  it('prints no line that reads as a test runner closing on no passed test', () => {
    const lines = passingRunSummary(PASSING_RUN).split('\n');
    expect(lines.filter((line) => RUNNER_CLOSING_LINE.test(line.trim()))).toEqual([]);
  });
});
