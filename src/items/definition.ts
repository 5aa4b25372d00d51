/**
 * Validation of an Extensibility Toolkit item definition: `{ format?, parts: [{ path, payload, payloadType }] }`.
 * Pure. Paths are relative (no leading slash, no `.`/`..` segments, no backslashes, no empty segments, no control
 * characters) and unique ignoring case; payloads are canonical base64 within the per-part and total size limits.
 * Unknown envelope properties are ignored (forward compatible); the values kept are exactly the validated ones.
 */
import { decodeCanonicalBase64, maxBase64Length } from './base64';
import { InvalidItemPayloadError } from '../catalog/errors';
import { MAX_DEFINITION_BYTES, MAX_DEFINITION_FORMAT_LENGTH, MAX_DEFINITION_PARTS, MAX_PART_BYTES, MAX_PART_PATH_LENGTH } from './limits';
import { isJsonObject, type ItemDefinition, type ItemDefinitionPart } from '../catalog/item';

const PAYLOAD_TYPES = ['InlineBase64'] as const;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const PRINTABLE_PATH = /^[\x20-\x7e]{1,64}$/;

/** A path fit to quote back in an error message (short, printable), else a neutral description. */
function quotePath(path: string): string {
  return PRINTABLE_PATH.test(path) ? `"${path}"` : '(unprintable path)';
}

/** Why `path` is not an acceptable part path, or undefined when it is. */
export function partPathProblem(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (path.length > MAX_PART_PATH_LENGTH) return `is longer than ${MAX_PART_PATH_LENGTH} characters`;
  if (CONTROL.test(path)) return 'contains control characters';
  if (path.includes('\\')) return 'contains a backslash (use "/")';
  if (path.startsWith('/')) return 'must be relative (no leading "/")';
  const segments = path.split('/');
  if (segments.some((s) => s === '')) return 'has an empty segment';
  if (segments.some((s) => s === '.' || s === '..')) return 'must not contain "." or ".." segments';
  return undefined;
}

/** Parses and validates `value` as an item definition; absent or null → undefined. Throws InvalidItemPayloadError. */
export function parseItemDefinition(value: unknown, { field = 'definition' }: { readonly field?: string } = {}): ItemDefinition | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw new InvalidItemPayloadError(`${field} must be an object with a "parts" array`);
  const { format, parts } = value;
  if (format !== undefined && format !== null) {
    if (typeof format !== 'string' || format.length === 0 || format.length > MAX_DEFINITION_FORMAT_LENGTH || CONTROL.test(format)) {
      throw new InvalidItemPayloadError(`${field}.format must be a non-empty string of at most ${MAX_DEFINITION_FORMAT_LENGTH} characters`);
    }
  }
  if (!Array.isArray(parts)) throw new InvalidItemPayloadError(`${field}.parts must be an array`);
  if (parts.length > MAX_DEFINITION_PARTS) throw new InvalidItemPayloadError(`${field} has more than ${MAX_DEFINITION_PARTS} parts`);

  const seen = new Set<string>();
  let total = 0;
  const result: ItemDefinitionPart[] = [];
  parts.forEach((part: unknown, i) => {
    const at = `${field}.parts[${i}]`;
    if (!isJsonObject(part)) throw new InvalidItemPayloadError(`${at} must be an object with path, payload and payloadType`);
    const { path, payload, payloadType } = part;
    if (typeof path !== 'string') throw new InvalidItemPayloadError(`${at}.path must be a string`);
    const problem = partPathProblem(path);
    if (problem) throw new InvalidItemPayloadError(`${at}.path ${quotePath(path)} ${problem}`);
    const folded = path.toLowerCase();
    if (seen.has(folded)) throw new InvalidItemPayloadError(`${at}.path ${quotePath(path)} appears more than once (paths are compared ignoring case)`);
    seen.add(folded);
    if (typeof payloadType !== 'string' || !(PAYLOAD_TYPES as readonly string[]).includes(payloadType)) {
      throw new InvalidItemPayloadError(`${at}.payloadType must be one of ${PAYLOAD_TYPES.join(', ')}`);
    }
    if (typeof payload !== 'string') throw new InvalidItemPayloadError(`${at}.payload must be a base64 string`);
    if (payload.length > maxBase64Length(MAX_PART_BYTES)) throw new InvalidItemPayloadError(`${at} (${quotePath(path)}) is larger than ${MAX_PART_BYTES} bytes`);
    const bytes = decodeCanonicalBase64(payload);
    if (!bytes) throw new InvalidItemPayloadError(`${at}.payload (${quotePath(path)}) is not valid base64 (standard alphabet, padded, no whitespace)`);
    if (bytes.length > MAX_PART_BYTES) throw new InvalidItemPayloadError(`${at} (${quotePath(path)}) is larger than ${MAX_PART_BYTES} bytes`);
    total += bytes.length;
    if (total > MAX_DEFINITION_BYTES) throw new InvalidItemPayloadError(`${field} is larger than ${MAX_DEFINITION_BYTES} bytes in total`);
    result.push({ path, payloadType: payloadType as ItemDefinitionPart['payloadType'], payload });
  });
  return typeof format === 'string' ? { format, parts: result } : { parts: result };
}

export function definitionEquals(a: ItemDefinition | undefined, b: ItemDefinition | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.format !== b.format || a.parts.length !== b.parts.length) return false;
  return a.parts.every((p, i) => p.path === b.parts[i].path && p.payloadType === b.parts[i].payloadType && p.payload === b.parts[i].payload);
}
