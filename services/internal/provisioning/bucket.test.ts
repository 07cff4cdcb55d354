import {
  ABORT_INCOMPLETE_UPLOADS_RULE_ID,
  hasAbortIncompleteUploadsRule,
  withAbortIncompleteUploadsRule,
} from './bucket';

describe('the lifecycle rule aborting incomplete multipart uploads', () => {
  const expiry = { ID: 'expire-tmp', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, Expiration: { Days: 3 } };

  it('is added to a bucket without lifecycle rules, for every key', () => {
    expect(withAbortIncompleteUploadsRule(null, 2)).toEqual({
      Rule: [
        {
          ID: ABORT_INCOMPLETE_UPLOADS_RULE_ID,
          Status: 'Enabled',
          Filter: { Prefix: '' },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 },
        },
      ],
    });
  });

  it('keeps rules someone else added and replaces an older version of its own', () => {
    const current = {
      Rule: [
        expiry,
        {
          ID: ABORT_INCOMPLETE_UPLOADS_RULE_ID,
          Status: 'Enabled',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
    };
    const next = withAbortIncompleteUploadsRule(current, 1);
    expect(next.Rule).toHaveLength(2);
    expect(next.Rule[0]).toBe(expiry);
    expect(next.Rule[1]!.AbortIncompleteMultipartUpload).toEqual({ DaysAfterInitiation: 1 });
  });

  it('is recognised when present with the same days, also as a single parsed rule with string numbers', () => {
    const parsed = {
      Rule: {
        ID: ABORT_INCOMPLETE_UPLOADS_RULE_ID,
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: '3' },
      },
    } as never;
    expect(hasAbortIncompleteUploadsRule(parsed, 3)).toBe(true);
    expect(hasAbortIncompleteUploadsRule(parsed, 4)).toBe(false);
    expect(hasAbortIncompleteUploadsRule({ Rule: [expiry] }, 3)).toBe(false);
    expect(hasAbortIncompleteUploadsRule(null, 3)).toBe(false);
  });
});
