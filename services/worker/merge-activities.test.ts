import { mergeActivities } from './merge-activities';

const files = { service: 'files' };
const billing = { service: 'billing' };

describe('mergeActivities', () => {
  it('registers every provider activity under its own name', () => {
    const verifyUpload = async () => 'ok';
    const renewSubscription = async () => 'renewed';
    const merged = mergeActivities([
      { provider: files, activities: { verifyUpload } },
      { provider: billing, activities: { renewSubscription } },
    ]);
    expect(merged).toEqual({ verifyUpload, renewSubscription });
  });

  it('refuses two services offering the same activity name', () => {
    expect(() =>
      mergeActivities([
        { provider: files, activities: { purgeDueFiles: async () => 1 } },
        { provider: billing, activities: { purgeDueFiles: async () => 2 } },
      ]),
    ).toThrow('activity purgeDueFiles is provided by both files and billing');
  });

  it('refuses an activity that is not a function', () => {
    expect(() => mergeActivities([{ provider: files, activities: { verifyUpload: 'nope' } }])).toThrow(
      'activity verifyUpload of files is not a function',
    );
  });
});
