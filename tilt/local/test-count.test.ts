import { closingLine } from './test-count';

const base = {
  numPassedTests: 0,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numRuntimeErrorTestSuites: 0,
};

describe('closingLine', () => {
  it('gives passed and failed alone when nothing was skipped', () => {
    expect(closingLine({ ...base, numPassedTests: 2806 })).toBe('tests: 2806 passed, 0 failed');
  });

  it('counts a suite that could not run as failed and adds skipped tests', () => {
    expect(
      closingLine({
        ...base,
        numPassedTests: 5,
        numFailedTests: 1,
        numRuntimeErrorTestSuites: 2,
        numPendingTests: 1,
        numTodoTests: 1,
      }),
    ).toBe('tests: 5 passed, 3 failed, 2 skipped');
  });
});
