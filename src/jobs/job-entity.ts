/**
 * Mapping between a JobRecord and its Table Storage entity. Pure.
 * Values that can outgrow one property (the sealed grant, a definition snapshot) are split over numbered binary
 * properties (src/storage/table-entity.ts); rows written with text parts still read.
 */
import type { ErrorBody } from '../fabric/error-body';
import { InternalError } from '../fabric/errors';
import { GUID } from '../fabric/guid';
import { readChunkedText, writeChunkedText } from '../storage/table-entity';
import type { JobRecord } from './job-record';
import type { JobInvokeType } from '../catalog/job-type';
import type { JobStatus } from './job-state';
import { JOB_STATUSES } from './job-state';

export const JOBS_TABLE = 'FabricJobs';
/** Version of the entity layout, stored on every row. */
export const ENTITY_VERSION = 1;

export type JobEntity = Record<string, unknown> & { partitionKey: string; rowKey: string };

/** RowKey of a job: `${workspaceId}_${itemId}_${jobInstanceId}` (the item's hard delete removes this prefix). */
export function jobRowKey(workspaceId: string, itemId: string, jobInstanceId: string): string {
  return `${itemJobsPrefix(workspaceId, itemId)}${jobInstanceId}`;
}

/** Every job RowKey of the item starts with this prefix. */
export function itemJobsPrefix(workspaceId: string, itemId: string): string {
  return `${workspaceId}_${itemId}_`;
}

/**
 * OData range filter for the item's job rows within the tenant's partition. The ids become query text, so they are
 * checked to be GUIDs here, whoever passes them (route ids are checked already; ids read back from storage are not).
 */
export function itemJobsFilter(tenantId: string, workspaceId: string, itemId: string): string {
  if (![tenantId, workspaceId, itemId].every((id) => GUID.test(id))) throw new InternalError({ cause: new Error('A job filter was asked for with an id that is not a GUID') });
  const prefix = itemJobsPrefix(workspaceId, itemId);
  // The first string after every string that starts with `prefix`: its last character ('_') plus one ('`').
  const end = `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
  return `PartitionKey eq '${tenantId}' and RowKey ge '${prefix}' and RowKey lt '${end}'`;
}

/** RowKey of the claim that makes a jobInstanceId unique within a tenant, whatever the item. */
export function claimRowKey(jobInstanceId: string): string {
  return `jobid_${jobInstanceId}`;
}

const json = (v: unknown): string | undefined => (v === undefined ? undefined : JSON.stringify(v));
const parse = <T>(v: unknown): T | undefined => (typeof v === 'string' ? (JSON.parse(v) as T) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function toEntity(r: JobRecord): JobEntity {
  const e: JobEntity = {
    partitionKey: r.tenantId,
    rowKey: jobRowKey(r.workspaceId, r.itemId, r.jobInstanceId),
    entityVersion: ENTITY_VERSION,
    workspaceId: r.workspaceId,
    itemId: r.itemId,
    jobInstanceId: r.jobInstanceId,
    itemType: r.itemType,
    jobType: r.jobType,
    invokeType: r.invokeType,
    createdUtc: r.createdUtc,
    timeoutSeconds: r.timeoutSeconds,
    status: r.status,
    attempts: r.attempts,
  };
  const set = (k: string, v: unknown) => {
    if (v !== undefined) e[k] = v;
  };
  set('startTimeUtc', r.startTimeUtc);
  set('endTimeUtc', r.endTimeUtc);
  set('errorDetails', json(r.errorDetails));
  set('cancelRequestedUtc', r.cancelRequestedUtc);
  set('runId', r.runId);
  set('runMessageId', r.runMessageId);
  set('progressCompleted', r.progress?.completedSteps);
  set('progressTotal', r.progress?.totalSteps);
  set('checkpointState', json(r.checkpointState));
  set('lastHeartbeatUtc', r.lastHeartbeatUtc);
  set('lastError', json(r.lastError));
  set('user', json(r.user));
  set('executionData', json(r.executionData));
  if (r.grant !== undefined) writeChunkedText(e, 'grant', r.grant);
  if (r.definitionSnapshot !== undefined) writeChunkedText(e, 'definitionSnapshot', JSON.stringify(r.definitionSnapshot));
  return e;
}

export function fromEntity(e: Record<string, unknown>): JobRecord {
  const status = e.status as JobStatus;
  if (!JOB_STATUSES.includes(status)) throw new Error('Job entity has an unknown status');
  const completed = e.progressCompleted;
  const total = e.progressTotal;
  const definition = readChunkedText(e, 'definitionSnapshot');
  return {
    tenantId: String(e.partitionKey),
    workspaceId: String(e.workspaceId),
    itemId: String(e.itemId),
    jobInstanceId: String(e.jobInstanceId),
    itemType: String(e.itemType),
    jobType: String(e.jobType),
    invokeType: String(e.invokeType) as JobInvokeType,
    createdUtc: String(e.createdUtc),
    timeoutSeconds: Number(e.timeoutSeconds),
    status,
    attempts: Number(e.attempts ?? 0),
    startTimeUtc: str(e.startTimeUtc),
    endTimeUtc: str(e.endTimeUtc),
    errorDetails: parse<ErrorBody>(e.errorDetails),
    cancelRequestedUtc: str(e.cancelRequestedUtc),
    runId: str(e.runId),
    runMessageId: str(e.runMessageId),
    progress: typeof completed === 'number' && typeof total === 'number' ? { completedSteps: completed, totalSteps: total } : undefined,
    checkpointState: parse<unknown>(e.checkpointState),
    lastHeartbeatUtc: str(e.lastHeartbeatUtc),
    lastError: parse<ErrorBody>(e.lastError),
    user: parse(e.user),
    executionData: parse(e.executionData),
    grant: readChunkedText(e, 'grant'),
    definitionSnapshot: definition === undefined ? undefined : JSON.parse(definition),
  };
}
