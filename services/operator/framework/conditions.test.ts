import type { Condition } from '../api/v1alpha1/types';
import { findCondition, mergeConditions, readyCondition } from './conditions';

const at = (iso: string) => new Date(iso);

describe('mergeConditions', () => {
  const previous: Condition[] = [
    {
      type: 'BucketReady',
      status: 'True',
      reason: 'BucketProvisioned',
      message: 'old message',
      lastTransitionTime: '2026-01-01T00:00:00Z',
      observedGeneration: 1,
    },
    {
      type: 'Custom',
      status: 'True',
      reason: 'SetByHand',
      message: 'kept',
      lastTransitionTime: '2026-01-01T00:00:00Z',
    },
  ];

  it('keeps lastTransitionTime while the status stays the same, updating reason, message and generation', () => {
    const [bucket] = mergeConditions(
      previous,
      [{ type: 'BucketReady', status: 'True', reason: 'BucketProvisioned', message: 'new message' }],
      { now: at('2026-02-01T10:00:00.123Z'), observedGeneration: 2 },
    );
    expect(bucket).toEqual({
      type: 'BucketReady',
      status: 'True',
      reason: 'BucketProvisioned',
      message: 'new message',
      lastTransitionTime: '2026-01-01T00:00:00Z',
      observedGeneration: 2,
    });
  });

  it('stamps the current time, in whole seconds, when the status flips or the condition is new', () => {
    const merged = mergeConditions(
      previous,
      [
        { type: 'BucketReady', status: 'False', reason: 'BucketError', message: 'down' },
        { type: 'TopicsReady', status: 'True', reason: 'TopicsProvisioned', message: 'ok' },
      ],
      { now: at('2026-02-01T10:00:00.123Z'), observedGeneration: 3 },
    );
    expect(findCondition(merged, 'BucketReady')?.lastTransitionTime).toBe('2026-02-01T10:00:00Z');
    expect(findCondition(merged, 'TopicsReady')?.lastTransitionTime).toBe('2026-02-01T10:00:00Z');
  });

  it('leaves conditions it was not given as they are', () => {
    const merged = mergeConditions(previous, [], { now: new Date(), observedGeneration: 5 });
    expect(findCondition(merged, 'Custom')).toEqual(previous[1]);
  });
});

describe('readyCondition', () => {
  const reasons = { ready: 'AllGood', notReady: 'NotYet', readyMessage: 'all good' };

  it('is True when every part is True', () => {
    expect(readyCondition([{ type: 'A', status: 'True', reason: 'Fine', message: 'fine' }], reasons)).toEqual(
      { type: 'Ready', status: 'True', reason: 'AllGood', message: 'all good' },
    );
  });

  it('is False naming every part that is not True', () => {
    const ready = readyCondition(
      [
        { type: 'A', status: 'False', reason: 'Broken', message: 'a is broken' },
        { type: 'B', status: 'True', reason: 'Fine', message: 'fine' },
        { type: 'C', status: 'Unknown', reason: 'Waiting', message: 'c is unknown' },
      ],
      reasons,
    );
    expect(ready).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'NotYet',
      message: 'A: a is broken; C: c is unknown',
    });
  });
});
