import type { Command } from 'commander';
import { unwrap } from '../../unwrap.js';
import { formatBytes, shortTime, table } from '../format.js';
import { print } from '../output.js';
import { loggedInClient, type GlobalOptions } from '../session.js';

export function addAccountCommands(program: Command): void {
  program
    .command('plan')
    .description('your plan and subscription; --list shows every plan, --set <plan> changes it')
    .option('--list', 'every plan, cheapest first')
    .option('--set <plan>', 'subscribe to this plan (its id or slug)')
    .action(async (options: { list?: boolean; set?: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const client = await loggedInClient(globals);
      if (options.list) {
        const plans = unwrap(await client.api.GET('/v1/plans'));
        const rows = plans.map((plan) => [
          plan.slug,
          plan.name,
          formatBytes(plan.storageQuotaBytes),
          formatBytes(plan.maxFileSizeBytes),
          `${(plan.priceCents / 100).toFixed(2)}`,
        ]);
        return print(globals, plans, table(['SLUG', 'NAME', 'QUOTA', 'MAX FILE', 'PRICE'], rows));
      }
      if (options.set) {
        const subscription = unwrap(
          await client.api.POST('/v1/subscription', { body: { planId: options.set } }),
        );
        return print(
          globals,
          subscription,
          `plan ${subscription.plan.name}, ${subscription.status} until ${shortTime(subscription.currentPeriodEnd)}`,
        );
      }
      const me = await client.me();
      const answer = await client.api.GET('/v1/subscription');
      // No subscription (404 subscription_not_found): the default plan applies.
      const subscription = answer.response.status === 404 ? null : unwrap(answer);
      const text = subscription
        ? `plan ${me.plan.name} (${subscription.status}${subscription.cancelAtPeriodEnd ? ', ends' : ', renews'} ${shortTime(subscription.currentPeriodEnd)})`
        : `plan ${me.plan.name} (no subscription)`;
      print(globals, { plan: me.plan, subscription }, text);
    });

  program
    .command('usage')
    .description('storage used, reserved by uploads in flight, and the quota')
    .action(async (_options: object, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const { usage } = await (await loggedInClient(globals)).me();
      const percent =
        usage.quotaBytes > 0 ? ((usage.usedBytes + usage.reservedBytes) / usage.quotaBytes) * 100 : 0;
      print(
        globals,
        usage,
        `${formatBytes(usage.usedBytes)} used + ${formatBytes(usage.reservedBytes)} reserved of ${formatBytes(usage.quotaBytes)} (${percent.toFixed(1)}%), ${usage.fileCount} files`,
      );
    });
}
