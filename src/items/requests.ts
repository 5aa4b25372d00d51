/**
 * Request bodies of both contract generations, validated and turned into the service's inputs. Pure.
 * Absent and null mean the same (PATCH semantics: keep the current value). Unknown properties are ignored.
 */
import { parseItemDefinition } from './definition';
import { InvalidItemPayloadError } from '../catalog/errors';
import { parseJsonObjectField } from './json';
import { MAX_DESCRIPTION_LENGTH, MAX_DISPLAY_NAME_LENGTH, MAX_PAYLOAD_BYTES, MAX_PAYLOAD_DEPTH } from './limits';
import type { DeleteType, ItemDefinition, JsonObject } from '../catalog/item';

/** What a create stores besides ids, type and audit fields. */
export interface NewItemContent {
  readonly displayName?: string;
  readonly description?: string;
  readonly payload?: JsonObject;
  readonly definition?: ItemDefinition;
}

/** An update: each absent field keeps its stored value. */
export interface ItemPatch {
  readonly displayName?: string;
  readonly description?: string;
  /** Merged into the stored payload (JSON Merge Patch, RFC 7396). */
  readonly payloadPatch?: JsonObject;
  /** Replaces the stored definition as a whole. */
  readonly definition?: ItemDefinition;
}

const PAYLOAD_LIMITS = { maxBytes: MAX_PAYLOAD_BYTES, maxDepth: MAX_PAYLOAD_DEPTH };

function optionalString(value: unknown, field: string, maxLength: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidItemPayloadError(`${field} must be a string`);
  if (value.length > maxLength) throw new InvalidItemPayloadError(`${field} is longer than ${maxLength} characters`);
  return value;
}

function displayName(value: unknown, required: boolean): string | undefined {
  const name = optionalString(value, 'displayName', MAX_DISPLAY_NAME_LENGTH);
  if (name === undefined && required) throw new InvalidItemPayloadError('displayName is required');
  if (name !== undefined && name.trim() === '') throw new InvalidItemPayloadError('displayName must not be empty');
  return name;
}

const definedOnly = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** WDK v1 `CreateItemRequest`: `{ displayName (required), description?, creationPayload? }`. */
export function parseWdkCreateRequest(body: Record<string, unknown>): NewItemContent {
  return definedOnly({
    displayName: displayName(body.displayName, true),
    description: optionalString(body.description, 'description', MAX_DESCRIPTION_LENGTH),
    payload: parseJsonObjectField(body.creationPayload, 'creationPayload', PAYLOAD_LIMITS),
  });
}

/** WDK v1 `UpdateItemRequest`: `{ displayName?, description?, updatePayload? }`. */
export function parseWdkUpdateRequest(body: Record<string, unknown>): ItemPatch {
  return definedOnly({
    displayName: displayName(body.displayName, false),
    description: optionalString(body.description, 'description', MAX_DESCRIPTION_LENGTH),
    payloadPatch: parseJsonObjectField(body.updatePayload, 'updatePayload', PAYLOAD_LIMITS),
  });
}

/** Extensibility Toolkit `OnCreateItem` / `OnUpdateItem` / `OnRestoreItem`: `{ definition? }`. */
export function parseToolkitDefinitionRequest(body: Record<string, unknown>): { readonly definition?: ItemDefinition } {
  return definedOnly({ definition: parseItemDefinition(body.definition) });
}

/**
 * Extensibility Toolkit `OnDeleteItem`: `{ deleteType: "Hard" | "Soft" }`. An absent deleteType is treated as Soft:
 * nothing is lost (the item is purged when the retention ends) and a later restore still works.
 * Only the names are read, never a number: no numbering of this enum is published, and a wrong guess would either
 * destroy a restorable item or keep one the user wanted gone.
 */
export function parseToolkitDeleteRequest(body: Record<string, unknown>): { readonly deleteType: DeleteType } {
  const t = body.deleteType;
  if (t === undefined || t === null) return { deleteType: 'Soft' };
  if (t !== 'Hard' && t !== 'Soft') throw new InvalidItemPayloadError('deleteType must be "Hard" or "Soft"');
  return { deleteType: t };
}
