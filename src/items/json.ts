/**
 * JSON helpers for WDK payloads. Pure. Objects are built with Object.fromEntries so keys such as `__proto__`
 * stay plain data and never touch a prototype. Some recurse: the values they get come from request bodies, whose
 * nesting the body reader bounds (src/http/json-text.ts MAX_BODY_DEPTH), or from the store, written from such values.
 */
import { InvalidItemPayloadError } from '../catalog/errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../catalog/item';

/** True when `value` nests no deeper than `maxDepth` (objects and arrays count one level each). */
export function withinDepth(value: unknown, maxDepth: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (maxDepth <= 0) return false;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.every((c) => withinDepth(c, maxDepth - 1));
}

export function jsonByteLength(value: JsonValue): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** JSON text with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: JsonValue | undefined): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v) as JsonValue);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys(value[k])]),
  ) as JsonObject;
}

export function jsonEquals(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** RFC 7396 JSON Merge Patch: objects merge key by key, `null` removes a key, anything else replaces. */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const base: [string, JsonValue][] = isJsonObject(target) ? Object.entries(target) : [];
  const result = new Map<string, JsonValue>(base);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) result.delete(k);
    else result.set(k, mergePatch(result.get(k), v));
  }
  return Object.fromEntries(result) as JsonObject;
}

/**
 * A request field that must be a JSON object when present: absent or null → undefined; arrays, scalars, too deep
 * or too large → InvalidItemPayloadError naming the field.
 */
export function parseJsonObjectField(value: unknown, field: string, limits: { readonly maxBytes: number; readonly maxDepth: number }): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw new InvalidItemPayloadError(`${field} must be a JSON object`);
  if (!withinDepth(value, limits.maxDepth)) throw new InvalidItemPayloadError(`${field} nests deeper than ${limits.maxDepth} levels`);
  if (jsonByteLength(value) > limits.maxBytes) throw new InvalidItemPayloadError(`${field} is larger than ${limits.maxBytes} bytes`);
  return value;
}
