import type { UsageFigures } from '../../../../proto/gen/files/v1/files_pb.js';
import type { HandlerContext } from '../../route';
import type { AccountIdParams, UsageDriftQuery } from './schema';

/** DELETE /v1/admin/users/{id}: the account is disabled now and deleted by account-deletion:<id>. */
export async function deleteAccount({
  koa,
  user,
  params,
  services,
}: HandlerContext<undefined, undefined, AccountIdParams>) {
  const { workflowId } = await services.auth.deleteUser({ actorUserId: user.userId, userId: params.id });
  koa.status = 202;
  koa.body = { userId: params.id, workflowId, status: 'deleting' };
}

/** GET /v1/admin/usage-drift: the reconciliation's report, changing nothing. */
export async function getUsageDrift({
  koa,
  query,
  services,
}: HandlerContext<undefined, UsageDriftQuery, undefined>) {
  const report = await services.files.reconcileUsage({ userId: query.userId ?? '', fix: false });
  koa.body = {
    checkedUsers: report.checkedUsers,
    drift: report.drift.map((drift) => ({
      userId: drift.userId,
      recorded: figures(drift.recorded),
      fromRows: figures(drift.fromRows),
      stored: { bytes: Number(drift.storedBytes), versions: drift.storedVersions },
      problems: drift.problems,
    })),
    unknownPrefixes: report.unknownPrefixes.map((prefix) => ({
      userId: prefix.userId,
      bytes: Number(prefix.bytes),
      versions: prefix.versions,
    })),
  };
}

function figures(value: UsageFigures | undefined) {
  return {
    usedBytes: Number(value?.usedBytes ?? 0n),
    reservedBytes: Number(value?.reservedBytes ?? 0n),
    fileCount: value?.fileCount ?? 0,
  };
}
