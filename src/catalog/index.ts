/**
 * The catalog: what an item type and a job type declare, the registry that collects them, and the helpers every
 * type needs. Below both items/ and jobs/, which run the declared types; a workload's own types live in workload/.
 */
export type { StoredItem, ItemKey, ItemDefinition, ItemDefinitionPart, ItemActor, JsonObject, JsonValue, DeleteType, PayloadType } from './item';
export { isJsonObject, partBytes, findPart } from './item';
export { defineItemType, MAX_JOB_TYPE_LENGTH } from './item-type';
export type { ItemTypeSpec, ItemHookContext } from './item-type';
export { ITEM_PERMISSIONS } from './item-read';
export type { ItemReadDeclaration, ItemReadContext, ItemPermission } from './item-read';
export { MAX_JOB_TIMEOUT_SECONDS } from './job-type';
export type { JobTypeDeclaration, JobContext, JobItem, JobUser, JobInvokeType, CheckpointUpdate, ItemFileWriter, JobTokenSource } from './job-type';
export { createItemTypeRegistry } from './registry';
export type { ItemTypeRegistry, RegisteredItemType, RegisteredJobType } from './registry';
export { InvalidItemPayloadError, UnknownItemTypeError, JobError } from './errors';
export type { JobErrorOptions } from './errors';
export { readJsonPart, PLATFORM_PART } from './definition-part';
export type { JsonPartOptions } from './definition-part';
export { readExecutionData, invalidExecutionData } from './execution-data';
export type { ExecutionDataReader, WholeNumberRule } from './execution-data';
export { cliOptionName, parseCliValue } from './cli-options';
export type { CliField, CliFieldType, ItemCliOptions, JobCliOptions } from './cli-options';
export { pause, withInputErrors } from './job-helpers';
export type { InputErrorOptions } from './job-helpers';
