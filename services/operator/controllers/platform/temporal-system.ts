import { isGrpcServiceError, type Connection } from '@temporalio/client';
import { msNumberToTs, tsToMs } from '@temporalio/common';
import type { StreamHubPlatformSpec } from '../../api/v1alpha1/types';
import {
  namespaceRetentionSeconds,
  PLATFORM_CONDITIONS,
  PLATFORM_REASONS,
  planSearchAttributes,
} from './generate';
import { errorMessage, systemNotReady, systemReady, type SystemResult } from './system-result';

const GRPC_NOT_FOUND = 5;

/**
 * Registers the namespace when missing, keeps its retention, and adds the
 * missing search attributes through the operator service. Attributes are
 * never removed: workflows may still be listed by them.
 */
export async function reconcileTemporalNamespace(
  connect: () => Promise<Connection>,
  spec: StreamHubPlatformSpec,
): Promise<SystemResult> {
  const type = PLATFORM_CONDITIONS.temporal;
  const namespace = spec.temporal.namespace;
  const retentionSeconds = namespaceRetentionSeconds(spec);
  const changes: string[] = [];
  try {
    const connection = await connect();
    const current = await describe(connection, namespace);
    if (!current) {
      await connection.workflowService.registerNamespace({
        namespace,
        description: 'StreamHub workflows (managed by the StreamHub operator)',
        workflowExecutionRetentionPeriod: msNumberToTs(retentionSeconds * 1000),
      });
      changes.push(`registered Temporal namespace ${namespace}`);
    } else if (current.retentionSeconds !== retentionSeconds) {
      await connection.workflowService.updateNamespace({
        namespace,
        config: { workflowExecutionRetentionTtl: msNumberToTs(retentionSeconds * 1000) },
      });
      changes.push(`set Temporal namespace ${namespace} retention to ${spec.temporal.retentionDays} day(s)`);
    }

    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const plan = planSearchAttributes(
      spec.temporal.searchAttributes,
      Object.fromEntries(
        Object.entries(customAttributes ?? {}).map(([name, value]) => [name, Number(value)]),
      ),
    );
    const missing = Object.keys(plan.missing);
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: plan.missing });
      changes.push(`added search attributes ${missing.join(', ')} to ${namespace}`);
    }
    if (plan.mismatched.length > 0)
      return systemNotReady(
        type,
        PLATFORM_REASONS.searchAttributeTypeMismatch,
        plan.mismatched
          .map((entry) => `${entry.name} is ${entry.actual}, the spec asks for ${entry.desired}`)
          .concat(
            'Temporal cannot change a search attribute type: rename it in the spec or remove it by hand',
          )
          .join('; '),
        { changes: changes, retry: false },
      );
    return systemReady(
      type,
      PLATFORM_REASONS.namespaceProvisioned,
      `namespace ${namespace} keeps closed workflows ${spec.temporal.retentionDays} day(s); search attributes ${spec.temporal.searchAttributes.map((entry) => entry.name).join(', ') || 'none'}`,
      changes,
    );
  } catch (error) {
    return systemNotReady(
      type,
      PLATFORM_REASONS.temporalError,
      `namespace ${namespace}: ${errorMessage(error)}`,
      { changes: changes, retry: true },
    );
  }
}

async function describe(
  connection: Connection,
  namespace: string,
): Promise<{ retentionSeconds: number } | undefined> {
  try {
    const response = await connection.workflowService.describeNamespace({ namespace });
    return { retentionSeconds: tsToMs(response.config?.workflowExecutionRetentionTtl) / 1000 };
  } catch (error) {
    if (isGrpcServiceError(error) && Number(error.code) === GRPC_NOT_FOUND) return undefined;
    throw error;
  }
}
