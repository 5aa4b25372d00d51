/**
 * How a workload declares an item type: optional validation of its content, lifecycle hooks, its jobs and its
 * data-plane reads.
 * List each declared type in the workload's list (src/workload/item-types.ts).
 */
import type { Logger } from '../observability/logger';
import type { DeleteType, ItemActor, ItemDefinition, ItemKey, JsonObject, StoredItem } from './item';
import { checkCliFields, type ItemCliOptions } from './cli-options';
import type { ItemReadDeclaration } from './item-read';
import { MAX_JOB_TIMEOUT_SECONDS, type JobTypeDeclaration } from './job-type';

/** What every hook gets besides the item. */
export interface ItemHookContext {
  readonly key: ItemKey;
  /** Full item type name. */
  readonly itemType: string;
  /** The user behind the call, when Fabric sent a subject token. */
  readonly actor?: ItemActor;
  readonly log: Logger;
}

export interface ItemTypeSpec {
  /** Short name, letters and digits, e.g. `Calculator` (full name `<WorkloadName>.Calculator`). */
  readonly name: string;
  /**
   * Checks an Extensibility Toolkit definition beyond the generic rules (paths, base64, sizes).
   * Throw InvalidItemPayloadError (400) with a message saying what is wrong.
   */
  readonly validateDefinition?: (definition: ItemDefinition) => void;
  /** Checks a WDK payload: the creation payload, and the stored payload after an update was merged in. */
  readonly validatePayload?: (payload: JsonObject) => void;
  /** What WDK `GET …/payload` answers as `itemPayload`; default: the stored payload (or `{}`). */
  readonly itemPayload?: (item: StoredItem) => JsonObject;
  /**
   * Hooks run before the change is stored; throwing a FabricError blocks it (create, update, restore) or reports
   * it (delete: Fabric cannot be blocked, it may retry). Hooks must be idempotent: Fabric retries notifications and
   * an update may be re-applied after a concurrent change.
   */
  readonly onCreate?: (item: StoredItem, context: ItemHookContext) => Promise<void>;
  readonly onUpdate?: (change: { readonly before: StoredItem; readonly after: StoredItem }, context: ItemHookContext) => Promise<void>;
  readonly onDelete?: (item: StoredItem, deleteType: DeleteType, context: ItemHookContext) => Promise<void>;
  readonly onRestore?: (item: StoredItem, context: ItemHookContext) => Promise<void>;
  /** Jobs of this item type by short name, e.g. `{ Calculate: { timeoutSeconds, handler } }`. */
  readonly jobs?: Readonly<Record<string, JobTypeDeclaration>>;
  /** Data-plane reads of this item type by name, served at `GET workspaces/{ws}/items/{type}/{id}/reads/{name}` (item-read.ts). */
  readonly reads?: Readonly<Record<string, ItemReadDeclaration>>;
  /** Optional, for developer tools only: content fields the Fabric simulator offers as options (cli-options.ts). */
  readonly cli?: ItemCliOptions;
}

const SHORT_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
export const MAX_JOB_TYPE_LENGTH = 96;

/** Declares an item type; checks its shape at once (a mistake fails at start-up, not at the first request). */
export function defineItemType(spec: ItemTypeSpec): ItemTypeSpec {
  if (!SHORT_NAME.test(spec.name)) throw new Error(`Item type name "${spec.name}" must be letters and digits, starting with a letter`);
  for (const [job, declaration] of Object.entries(spec.jobs ?? {})) {
    if (!SHORT_NAME.test(job)) throw new Error(`Job name "${job}" of item type ${spec.name} must be letters and digits, starting with a letter`);
    if (!Number.isInteger(declaration.timeoutSeconds) || declaration.timeoutSeconds <= 0) throw new Error(`Job ${spec.name}.${job}: timeoutSeconds must be a positive whole number`);
    if (declaration.timeoutSeconds > MAX_JOB_TIMEOUT_SECONDS) throw new Error(`Job ${spec.name}.${job}: timeoutSeconds must be at most ${MAX_JOB_TIMEOUT_SECONDS} (host.json functionTimeout less the attempt margin, see src/catalog/job-type.ts)`);
    if (typeof declaration.handler !== 'function') throw new Error(`Job ${spec.name}.${job}: handler must be a function`);
    if (declaration.cli?.fields) checkCliFields(declaration.cli.fields, `Job ${spec.name}.${job}`);
  }
  for (const [name, declaration] of Object.entries(spec.reads ?? {})) {
    if (!SHORT_NAME.test(name)) throw new Error(`Read name "${name}" of item type ${spec.name} must be letters and digits, starting with a letter`);
    if (typeof declaration.read !== 'function') throw new Error(`Read ${spec.name}.${name}: read must be a function`);
  }
  if (spec.cli) checkCliFields(spec.cli.fields, `Item type ${spec.name}`);
  return Object.freeze({ ...spec, jobs: spec.jobs ? Object.freeze({ ...spec.jobs }) : undefined, reads: spec.reads ? Object.freeze({ ...spec.reads }) : undefined });
}
