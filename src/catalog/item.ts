/** The item as the workload keeps it, shared by both contract generations and every item type. */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Where an item lives. All three are lower-case GUIDs; the tenant always comes from the authenticated call. */
export interface ItemKey {
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly itemId: string;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Fabric's payload type for definition parts (the only one Fabric defines). */
export type PayloadType = 'InlineBase64';

export interface ItemDefinitionPart {
  /** Relative path, e.g. `definition.json`. */
  readonly path: string;
  readonly payloadType: PayloadType;
  /** Canonical base64 (standard alphabet, padded, no whitespace). */
  readonly payload: string;
}

/** The Extensibility Toolkit's item definition (`{ parts: [{ path, payload, payloadType }] }`). */
export interface ItemDefinition {
  readonly format?: string;
  readonly parts: readonly ItemDefinitionPart[];
}

/** Who made a change: the user behind the subject token (tenant implied by the item key). */
export interface ItemActor {
  readonly oid: string;
  readonly name?: string;
}

export interface StoredItem {
  readonly key: ItemKey;
  /** Full item type name, `<WorkloadName>.<ItemType>`. */
  readonly itemType: string;
  readonly displayName?: string;
  readonly description?: string;
  /** WDK v1: the creation payload, with every update payload merged in (JSON Merge Patch). */
  readonly payload?: JsonObject;
  /** Extensibility Toolkit: the item definition, replaced as a whole on update. */
  readonly definition?: ItemDefinition;
  readonly createdAt: Date;
  readonly createdBy?: ItemActor;
  readonly updatedAt: Date;
  readonly updatedBy?: ItemActor;
  /** Set while the item is soft-deleted (restorable until deletedAt + SOFT_DELETE_RETENTION_DAYS). */
  readonly deletedAt?: Date;
}

/** How an item is deleted: Soft keeps it restorable for the retention period, Hard removes it and its jobs. */
export type DeleteType = 'Hard' | 'Soft';

/** Decoded bytes of a definition part (its payload is canonical base64, so this never fails for stored parts). */
export function partBytes(part: ItemDefinitionPart): Buffer {
  return Buffer.from(part.payload, 'base64');
}

/** The definition part at `path`, if any. */
export function findPart(definition: ItemDefinition | undefined, path: string): ItemDefinitionPart | undefined {
  return definition?.parts.find((p) => p.path === path);
}
