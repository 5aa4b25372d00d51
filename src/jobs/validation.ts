/**
 * Parsing and validation of the job routes' path parameters and bodies (both contract generations). Pure.
 * Everything wrong becomes an InvalidRequestError (400 in Fabric's error body) naming the field.
 * Unknown body properties are ignored (Fabric may add some); known ones are checked strictly.
 */
import { InvalidRequestError } from '../fabric/errors';
import { parseItemDefinition } from '../items/definition';
import type { ItemDefinition } from '../catalog/item';
import type { JobInvokeType } from '../catalog/job-type';
import { JOB_INVOKE_TYPES } from './job-state';
import { GUID } from '../fabric/guid';
import { describeWireEnum, enumFromWire } from '../fabric/wire-enum';

/** `{WorkloadName}.{ItemType}` (Org.Name.Item) and `{WorkloadName}.{ItemType}.{Job}`: dotted names, 96 characters at most. */
const ITEM_TYPE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){2,}$/;
const JOB_TYPE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){3,}$/;
export const MAX_TYPE_NAME_LENGTH = 96;
/** executionData / creationPayload as JSON text. */
export const MAX_EXECUTION_DATA_CHARS = 16 * 1024;

export interface ItemPath {
  readonly workspaceId: string;
  readonly itemType: string;
  readonly itemId: string;
}

export interface JobRef {
  readonly jobType: string;
  readonly jobInstanceId: string;
}

/** A create request, the same for both generations once adapted. */
export interface CreateJobInput extends ItemPath, JobRef {
  readonly invokeType: JobInvokeType;
  readonly executionData?: Readonly<Record<string, unknown>>;
  readonly definition?: ItemDefinition;
}

export function parseGuid(field: string, value: unknown): string {
  if (typeof value !== 'string' || !GUID.test(value)) throw new InvalidRequestError(`${field} must be a GUID`);
  return value.toLowerCase();
}

function typeName(field: string, value: unknown, pattern: RegExp, shape: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new InvalidRequestError(`${field} is required`);
  if (value.length > MAX_TYPE_NAME_LENGTH || !pattern.test(value)) throw new InvalidRequestError(`${field} must look like ${shape} (at most ${MAX_TYPE_NAME_LENGTH} characters)`);
  return value;
}

export function parseItemType(value: unknown): string {
  return typeName('itemType', value, ITEM_TYPE, '{WorkloadName}.{ItemType}');
}

export function parseJobType(value: unknown, itemType: string): string {
  const jobType = typeName('jobType', value, JOB_TYPE, '{WorkloadName}.{ItemType}.{Job}');
  if (!jobType.startsWith(`${itemType}.`) || jobType.slice(itemType.length + 1).includes('.')) {
    throw new InvalidRequestError(`jobType ${jobType} does not belong to item type ${itemType}`, { errorCode: 'JobTypeMismatch' });
  }
  return jobType;
}

/** `workspaces/{workspaceId}/items/{itemType}/{itemId}/…` */
export function parseItemPath(params: Readonly<Record<string, string | undefined>>): ItemPath {
  return { workspaceId: parseGuid('workspaceId', params.workspaceId), itemType: parseItemType(params.itemType), itemId: parseGuid('itemId', params.itemId) };
}

/** WDK: `…/jobTypes/{jobType}/instances/{jobInstanceId}` */
export function parseWdkJobPath(params: Readonly<Record<string, string | undefined>>): ItemPath & JobRef {
  const item = parseItemPath(params);
  return { ...item, jobType: parseJobType(params.jobType, item.itemType), jobInstanceId: parseGuid('jobInstanceId', params.jobInstanceId) };
}

/** Extensibility Toolkit status and cancel body: `{ jobType, jobInstanceId }`. */
export function parseToolkitJobRef(body: Readonly<Record<string, unknown>>, item: ItemPath): JobRef {
  return { jobType: parseJobType(body.jobType, item.itemType), jobInstanceId: parseGuid('jobInstanceId', body.jobInstanceId) };
}

/** Extensibility Toolkit create body: `{ jobType, jobInstanceId, executionData?, definition? }`. */
export function parseToolkitCreate(body: Readonly<Record<string, unknown>>, item: ItemPath): CreateJobInput {
  const ref = parseToolkitJobRef(body, item);
  return {
    ...item,
    ...ref,
    invokeType: 'Manual',
    ...optional('executionData', parseJsonObject('executionData', body.executionData, MAX_EXECUTION_DATA_CHARS)),
    ...optional('definition', parseItemDefinition(body.definition)),
  };
}

/**
 * WDK `JobInvokeType`, by name or by number: Fabric sends the number (`2` for Manual) although the swagger says string.
 * The name is what gets recorded.
 */
export function parseInvokeType(value: unknown): JobInvokeType {
  if (value === undefined || value === null) throw new InvalidRequestError('invokeType is required');
  const invokeType = enumFromWire(value, JOB_INVOKE_TYPES);
  if (invokeType === undefined) throw new InvalidRequestError(`invokeType must be one of ${describeWireEnum(JOB_INVOKE_TYPES)}`);
  return invokeType;
}

/** WDK create body (CreateItemJobInstanceRequest): `{ invokeType, creationPayload? }`. */
export function parseWdkCreate(body: Readonly<Record<string, unknown>>, path: ItemPath & JobRef): CreateJobInput {
  const invokeType = parseInvokeType(body.invokeType);
  return { ...path, invokeType, ...optional('executionData', parseJsonObject('creationPayload', body.creationPayload, MAX_EXECUTION_DATA_CHARS)) };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** An optional JSON object (null and absent mean none), bounded in size. */
export function parseJsonObject(field: string, value: unknown, maxChars: number): Readonly<Record<string, unknown>> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidRequestError(`${field} must be a JSON object`);
  if (JSON.stringify(value).length > maxChars) throw new InvalidRequestError(`${field} is larger than ${maxChars} characters`, { errorCode: 'RequestBodyTooLarge' });
  return value as Record<string, unknown>;
}
