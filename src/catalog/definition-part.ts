/**
 * Reads an item type's content from its Extensibility Toolkit definition: one JSON part (required), optionally
 * Fabric's `.platform` part next to it, nothing else. Pure; every failure is InvalidItemPayloadError (400).
 */
import { InvalidItemPayloadError } from './errors';
import { findPart, partBytes, type ItemDefinition } from './item';

/** Fabric's own metadata part; tolerated next to the content part and not interpreted. */
export const PLATFORM_PART = '.platform';

export interface JsonPartOptions {
  /** The item type's short name, as messages show it (`The Calculator definition …`). */
  readonly typeName: string;
  /** Path of the part holding the content, e.g. `definition.json`. */
  readonly part: string;
  /** Largest size of that part, in bytes. */
  readonly maxBytes: number;
}

/** The parsed JSON of the content part, after checking the parts, the size, UTF-8 and JSON. Shape checks are the type's. */
export function readJsonPart(definition: ItemDefinition, options: JsonPartOptions): unknown {
  const { typeName, part: path, maxBytes } = options;
  const unexpected = definition.parts.filter((p) => p.path !== path && p.path !== PLATFORM_PART);
  if (unexpected.length > 0) throw new InvalidItemPayloadError(`The ${typeName} definition has only the part ${path} (and optionally ${PLATFORM_PART})`);
  const part = findPart(definition, path);
  if (!part) throw new InvalidItemPayloadError(`The ${typeName} definition needs the part ${path}`);
  const bytes = partBytes(part);
  if (bytes.length > maxBytes) throw new InvalidItemPayloadError(`${path} is larger than ${maxBytes} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidItemPayloadError(`${path} is not valid UTF-8`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidItemPayloadError(`${path} is not valid JSON`);
  }
}
