/**
 * The item service shared by both contract generations (the route files only adapt shapes).
 *
 * - create: idempotent (same content again → no-op); a different item under the same id → 409 ItemAlreadyExists.
 * - update: PATCH semantics, optimistic concurrency (ETag) with a bounded re-read/re-apply loop, so concurrent
 *   updates never overwrite each other silently.
 * - delete: Soft keeps everything and sets deletedAt; Hard removes the item and its job records. Unknown → no-op.
 * - restore: clears deletedAt, nothing else changes; unknown, hard-deleted or expired → 404 ItemNotRestorable.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../observability/logger';
import type { ItemTypeRegistry, RegisteredItemType } from '../catalog/registry';
import { systemClock, type Clock } from '../shared/clock';
import { definitionEquals } from './definition';
import { InvalidItemPayloadError } from '../catalog/errors';
import { ItemAlreadyExistsError, ItemNotFoundError, ItemNotRestorableError, ItemTypeMismatchError, ItemUpdateConflictError } from './errors';
import { isGuid, itemKey } from './ids';
import { isJsonObject } from '../catalog/item';
import { jsonByteLength, jsonEquals, mergePatch, withinDepth } from './json';
import { MAX_PAYLOAD_BYTES, MAX_PAYLOAD_DEPTH } from './limits';
import type { DeleteType, ItemActor, ItemKey, JsonObject, StoredItem } from '../catalog/item';
import type { ItemPatch, NewItemContent } from './requests';
import type { ItemStore, StoredItemRecord } from './store';

/** An item as a route names it: the key (tenant from the authenticated call) and the registered type. */
export interface ItemRef {
  readonly key: ItemKey;
  readonly itemType: RegisteredItemType;
}

export interface ItemCallContext {
  readonly actor?: ItemActor;
  readonly log: Logger;
}

export type ItemChange = 'created' | 'updated' | 'softDeleted' | 'hardDeleted' | 'restored' | 'unchanged';

export interface ItemServiceDeps {
  readonly store: ItemStore;
  readonly registry: ItemTypeRegistry;
  /** Removes what else belongs to an item when it is hard-deleted (its job records). */
  readonly purgeRelated: (key: ItemKey) => Promise<void>;
  readonly retentionDays: number;
  readonly clock?: Clock;
  /** Tries of an update against concurrent writers; N concurrent writers always finish within N tries. */
  readonly maxUpdateAttempts?: number;
}

export const DEFAULT_MAX_UPDATE_ATTEMPTS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function sameContent(a: StoredItem, b: { readonly itemType: string } & NewItemContent): boolean {
  return (
    a.itemType === b.itemType &&
    a.displayName === b.displayName &&
    a.description === b.description &&
    jsonEquals(a.payload, b.payload) &&
    definitionEquals(a.definition, b.definition)
  );
}

function validateContent(type: RegisteredItemType, content: { readonly payload?: JsonObject; readonly definition?: StoredItem['definition'] }): void {
  if (content.definition !== undefined) type.spec.validateDefinition?.(content.definition);
  if (content.payload !== undefined) type.spec.validatePayload?.(content.payload);
}

function checkType(ref: ItemRef, item: StoredItem): void {
  if (item.itemType !== ref.itemType.fullName) throw new ItemTypeMismatchError();
}

/** The item lifecycle of both contract generations over the item store (rules at the top of this file). */
export class ItemService {
  readonly registry: ItemTypeRegistry;
  private readonly store: ItemStore;
  private readonly clock: Clock;
  private readonly maxAttempts: number;
  private readonly retentionMs: number;

  constructor(private readonly deps: ItemServiceDeps) {
    this.registry = deps.registry;
    this.store = deps.store;
    this.clock = deps.clock ?? systemClock;
    this.maxAttempts = deps.maxUpdateAttempts ?? DEFAULT_MAX_UPDATE_ATTEMPTS;
    this.retentionMs = deps.retentionDays * DAY_MS;
  }

  async create(ref: ItemRef, content: NewItemContent, ctx: ItemCallContext): Promise<ItemChange> {
    validateContent(ref.itemType, content);
    const candidate = { itemType: ref.itemType.fullName, ...content };
    const existing = await this.store.read(ref.key);
    const judge = (stored: StoredItem): ItemChange => {
      if (stored.deletedAt !== undefined) throw new ItemAlreadyExistsError('An item with this id exists in the soft-deleted state; restore it or delete it permanently first');
      if (!sameContent(stored, candidate)) throw new ItemAlreadyExistsError('A different item with this id already exists');
      return 'unchanged';
    };
    if (existing) return judge(existing.item);

    const at = this.now();
    const item: StoredItem = { key: ref.key, ...candidate, createdAt: at, createdBy: ctx.actor, updatedAt: at, updatedBy: ctx.actor };
    await ref.itemType.spec.onCreate?.(item, hookContext(ref, ctx));
    if ((await this.store.insert(item)) === 'exists') {
      // A concurrent create of the same id won the race: same content → fine, else conflict.
      const winner = await this.store.read(ref.key);
      if (!winner) throw new ItemAlreadyExistsError('A different item with this id was created and deleted concurrently; retry');
      return judge(winner.item);
    }
    logChange(ref, ctx, 'created');
    return 'created';
  }

  async update(ref: ItemRef, patch: ItemPatch, ctx: ItemCallContext): Promise<ItemChange> {
    if (patch.definition !== undefined) ref.itemType.spec.validateDefinition?.(patch.definition);
    const change = await this.readModifyWrite(ref.key, async (record) => {
      if (!record || record.item.deletedAt !== undefined) throw new ItemNotFoundError();
      const before = record.item;
      checkType(ref, before);
      const next: Mutable<StoredItem> = { ...before };
      if (patch.displayName !== undefined) next.displayName = patch.displayName;
      if (patch.description !== undefined) next.description = patch.description;
      if (patch.definition !== undefined) next.definition = patch.definition;
      if (patch.payloadPatch !== undefined) {
        const merged = mergePatch(before.payload, patch.payloadPatch);
        if (!isJsonObject(merged) || !withinDepth(merged, MAX_PAYLOAD_DEPTH) || jsonByteLength(merged) > MAX_PAYLOAD_BYTES) {
          throw new InvalidItemPayloadError(`The payload after applying updatePayload is larger than ${MAX_PAYLOAD_BYTES} bytes or nests deeper than ${MAX_PAYLOAD_DEPTH} levels`);
        }
        next.payload = merged;
      }
      if (sameContent(before, next)) return { change: 'unchanged' };
      if (patch.payloadPatch !== undefined) ref.itemType.spec.validatePayload?.(next.payload!);
      next.updatedAt = this.now();
      next.updatedBy = ctx.actor ?? before.updatedBy;
      await ref.itemType.spec.onUpdate?.({ before, after: next }, hookContext(ref, ctx));
      return { write: next, change: 'updated' };
    });
    if (change !== 'unchanged') logChange(ref, ctx, change);
    return change;
  }

  async delete(ref: ItemRef, deleteType: DeleteType, ctx: ItemCallContext): Promise<ItemChange> {
    let change: ItemChange;
    if (deleteType === 'Soft') {
      change = await this.readModifyWrite(ref.key, async (record) => {
        if (!record || record.item.deletedAt !== undefined) return { change: 'unchanged' };
        checkType(ref, record.item);
        await ref.itemType.spec.onDelete?.(record.item, 'Soft', hookContext(ref, ctx));
        return { write: { ...record.item, deletedAt: this.now() }, change: 'softDeleted' };
      });
    } else {
      const record = await this.store.read(ref.key);
      if (record) {
        checkType(ref, record.item);
        await ref.itemType.spec.onDelete?.(record.item, 'Hard', hookContext(ref, ctx));
      }
      await this.hardDelete(ref.key);
      change = record ? 'hardDeleted' : 'unchanged';
    }
    if (change !== 'unchanged') logChange(ref, ctx, change);
    return change;
  }

  async restore(ref: ItemRef, ctx: ItemCallContext): Promise<ItemChange> {
    const change = await this.readModifyWrite(ref.key, async (record) => {
      if (!record) throw new ItemNotRestorableError('The item cannot be restored: this workload holds no state for it (never created, or permanently deleted)');
      const item = record.item;
      checkType(ref, item);
      if (item.deletedAt === undefined) return { change: 'unchanged' };
      if (this.isExpired(item, this.now())) {
        await this.hardDelete(ref.key);
        throw new ItemNotRestorableError(`The item cannot be restored: its soft-delete retention of ${this.deps.retentionDays} days has ended`);
      }
      await ref.itemType.spec.onRestore?.(item, hookContext(ref, ctx));
      const restored: Mutable<StoredItem> = { ...item };
      delete restored.deletedAt;
      return { write: restored, change: 'restored' };
    });
    if (change !== 'unchanged') logChange(ref, ctx, change);
    return change;
  }

  /** WDK `GET …/payload`: what the editor needs. */
  async getPayload(ref: ItemRef): Promise<JsonObject> {
    const record = await this.store.read(ref.key);
    if (!record || record.item.deletedAt !== undefined) throw new ItemNotFoundError();
    checkType(ref, record.item);
    return ref.itemType.spec.itemPayload?.(record.item) ?? record.item.payload ?? {};
  }

  /** The live (not deleted) item, or undefined. For the data plane and the jobs. Ids must be GUIDs (else 400). */
  async get(tenantId: string, workspaceId: string, itemId: string): Promise<StoredItem | undefined> {
    const record = await this.store.read(itemKey(tenantId, workspaceId, itemId));
    return record && record.item.deletedAt === undefined ? record.item : undefined;
  }

  /** Hard-deletes every soft-deleted item past its retention (all tenants). Returns how many. */
  async purgeExpired(ctx: { readonly log: Logger }): Promise<number> {
    const at = this.now();
    let purged = 0;
    for await (const key of this.store.listDeletedBefore(new Date(at.getTime() - this.retentionMs))) {
      // Ids read back from storage are checked again before they reach a query (a row written with storage access).
      if (![key.tenantId, key.workspaceId, key.itemId].every(isGuid)) {
        ctx.log.warn('Skipped a soft-deleted item whose stored ids are not GUIDs', { tenantId: key.tenantId.slice(0, 64), workspaceId: key.workspaceId.slice(0, 64), itemId: key.itemId.slice(0, 64) });
        continue;
      }
      const record = await this.store.read(key);
      if (!record || !this.isExpired(record.item, at)) continue;
      await this.hardDelete(key);
      purged++;
    }
    if (purged > 0) ctx.log.info('Purged soft-deleted items past retention', { purged });
    return purged;
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  private isExpired(item: StoredItem, at: Date): boolean {
    return item.deletedAt !== undefined && at.getTime() >= item.deletedAt.getTime() + this.retentionMs;
  }

  /**
   * Read → decide → conditional write, again on a lost race (re-reading and re-applying), at most maxAttempts times.
   * `decide` returns the item to write (or none) and the outcome.
   */
  private async readModifyWrite(key: ItemKey, decide: (record: StoredItemRecord | undefined) => Promise<{ readonly write?: StoredItem; readonly change: ItemChange }>): Promise<ItemChange> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const record = await this.store.read(key);
      const { write, change } = await decide(record);
      if (!write || !record) return change;
      if ((await this.store.replace(write, record.etag)) === 'replaced') return change;
      if (attempt < this.maxAttempts) await sleep(Math.floor(Math.random() * 10 * attempt));
    }
    throw new ItemUpdateConflictError();
  }

  private async hardDelete(key: ItemKey): Promise<void> {
    await this.deps.purgeRelated(key);
    await this.store.remove(key);
  }
}

const hookContext = (ref: ItemRef, ctx: ItemCallContext) => ({ key: ref.key, itemType: ref.itemType.fullName, actor: ctx.actor, log: ctx.log });
const logChange = (ref: ItemRef, ctx: ItemCallContext, change: ItemChange) =>
  ctx.log.info(`Item ${change}`, { itemType: ref.itemType.fullName, tenantId: ref.key.tenantId, workspaceId: ref.key.workspaceId, itemId: ref.key.itemId });
