import { subscriptionWorkflowId } from '../../../workflows/subscription/contract';
import { eventually } from '../../internal/testing/eventually';
import { startLifecycleHarness, type LifecycleHarness } from '../testing/lifecycle-harness';
import { changesOf, givenSubscription } from '../testing/subscriptions';
import { sweepOverdueSubscriptions } from './sweep-overdue-subscriptions';

describe('sweepOverdueSubscriptions', () => {
  let harness: LifecycleHarness;
  const users: string[] = [];

  beforeAll(async () => {
    harness = await startLifecycleHarness();
  });

  afterAll(async () => {
    for (const userId of users) await harness?.forget(userId);
    await harness?.stop();
  });

  it('starts the lost workflow of a paid subscription whose period ended, which then renews it', async () => {
    const end = new Date(Date.now() - 5 * 60_000);
    const { userId } = await givenSubscription(harness.db, 'plus', {
      start: new Date(end.getTime() - 30 * 86_400_000),
      end,
    });
    users.push(userId);
    expect(await sweepOverdueSubscriptions({ deps: harness.deps })).toBeGreaterThanOrEqual(1);
    const description = await harness.client.workflow.getHandle(subscriptionWorkflowId(userId)).describe();
    expect(description.searchAttributes).toMatchObject({ UserId: [userId] });
    await eventually(
      async () => ((await changesOf(harness.db, userId)).includes('renewed') ? true : undefined),
      'the renewal',
    );
  });
});
