import { Context } from '@temporalio/activity';
import type { TrashActivities } from '../../../workflows/trash/contract';
import { purgeDueFiles } from '../commands/purge-due-files';
import type { FilesDeps } from '../deps';

/** The trash workflow's activities: a page of due files purged per call, heartbeating per step. */
export function createTrashActivities(deps: FilesDeps): TrashActivities {
  return {
    purgeDueFiles: (input) =>
      purgeDueFiles({
        deps,
        userId: input.userId,
        dueBy: new Date(input.dueBy),
        limit: input.limit,
        onProgress: () => Context.current().heartbeat(),
      }),
  };
}
