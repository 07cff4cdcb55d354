import { Context } from '@temporalio/activity';
import { purgeDueFiles } from '../../services/files/commands/purge-due-files';
import type { FilesDeps } from '../../services/files/deps';

export function createTrashActivities(deps: FilesDeps) {
  return {
    purgeDueFiles: (input: { userId: string; dueBy: string; limit: number }) =>
      purgeDueFiles({
        deps,
        userId: input.userId,
        dueBy: new Date(input.dueBy),
        limit: input.limit,
        onFilePurged: () => Context.current().heartbeat(),
      }),
  };
}

export type TrashActivities = ReturnType<typeof createTrashActivities>;
