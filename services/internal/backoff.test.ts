import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { baseMs: 100, maxMs: 1_000 };

  it('doubles from the base with each failure', () => {
    expect([1, 2, 3, 4].map((failures) => backoffDelay(failures, policy))).toEqual([100, 200, 400, 800]);
  });

  it('is capped at the maximum, also after very many failures', () => {
    expect(backoffDelay(5, policy)).toBe(1_000);
    expect(backoffDelay(5_000, policy)).toBe(1_000);
  });

  it('is zero before any failure', () => {
    expect(backoffDelay(0, policy)).toBe(0);
  });
});
