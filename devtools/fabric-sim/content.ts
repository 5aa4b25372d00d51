/**
 * Item content and job input from files, and the PATCH-like merge of an update into the stored content. Pure apart
 * from reading the named files; every mistake is a UsageError saying which file and what is wrong.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { findPart, isJsonObject, partBytes, type ItemDefinition, type JsonObject } from '../../src/catalog';
import { UsageError } from './args';
import { jsonDefinition } from './endpoint-client';

function readFile(path: string, option: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`${option} ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

function readJson(path: string, option: string): unknown {
  try {
    return JSON.parse(readFile(path, option).toString('utf8'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${option} ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** `--definition-file`: an item definition as Fabric sends it, `{ "parts": [{ "path", "payload" (base64), "payloadType": "InlineBase64" }] }`. */
export function definitionFromFile(path: string): ItemDefinition {
  const v = readJson(path, '--definition-file');
  const parts = isJsonObject(v) ? v.parts : undefined;
  if (!Array.isArray(parts)) throw new UsageError(`--definition-file ${path} must hold {"parts": [{"path", "payload", "payloadType": "InlineBase64"}]}`);
  return {
    parts: parts.map((p, i) => {
      if (!isJsonObject(p) || typeof p.path !== 'string' || typeof p.payload !== 'string' || p.payloadType !== 'InlineBase64') {
        throw new UsageError(`--definition-file ${path}: parts[${i}] must be {"path": string, "payload": base64 string, "payloadType": "InlineBase64"}`);
      }
      return { path: p.path, payload: p.payload, payloadType: 'InlineBase64' as const };
    }),
  };
}

/** `--part-file`: one file as the definition's only part, named after the file (`samples/text.json` → part `text.json`). */
export function definitionFromPartFile(path: string): ItemDefinition {
  return { parts: [{ path: basename(path), payload: readFile(path, '--part-file').toString('base64'), payloadType: 'InlineBase64' }] };
}

/** `--payload-file` / `--execution-data-file`: a JSON object. */
export function objectFromFile(path: string, option: string): JsonObject {
  const v = readJson(path, option);
  if (!isJsonObject(v)) throw new UsageError(`${option} ${path} must hold a JSON object`);
  return v;
}

/**
 * The stored definition with `changes` merged into the JSON of its part `part` (only the given fields change; other
 * parts stay). Throws UsageError when the stored definition has no such part or it is not a JSON object.
 */
export function mergeIntoPart(stored: unknown, part: string, changes: JsonObject): ItemDefinition {
  const definition: ItemDefinition = isJsonObject(stored) && Array.isArray(stored.parts) ? (stored as unknown as ItemDefinition) : { parts: [] };
  const current = findPart(definition, part);
  if (!current) throw new UsageError(`The stored item has no definition part ${part} to update: give the whole content (--definition-file or --part-file)`);
  let content: unknown;
  try {
    content = JSON.parse(partBytes(current).toString('utf8'));
  } catch {
    content = undefined;
  }
  if (!isJsonObject(content)) throw new UsageError(`The stored part ${part} is not a JSON object: give the whole content (--definition-file or --part-file)`);
  const merged = jsonDefinition(part, { ...content, ...changes }).parts[0];
  return { parts: definition.parts.map((p) => (p.path === part ? merged : { path: p.path, payload: p.payload, payloadType: 'InlineBase64' })) };
}
