/**
 * Validates real answers against the WDK swagger (../shared/specs/fabric-workload-api.swagger.json) with ajv.
 * Swagger 2.0 `allOf` means inheritance (AutoRest): a definition's own `additionalProperties: false` covers the
 * properties it inherits. JSON Schema reads it differently (inherited properties would count as "additional"), so
 * inherited properties and required lists are merged into each definition before compiling. Nothing else changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const SWAGGER_PATH = join(__dirname, '..', '..', '..', '..', 'shared', 'specs', 'fabric-workload-api.swagger.json');

type Schema = { $ref?: string; allOf?: Schema[]; properties?: Record<string, Schema>; required?: string[]; [k: string]: unknown };

function flatten(name: string, defs: Record<string, Schema>, seen = new Set<string>()): Schema {
  const def = defs[name];
  if (!def.allOf || seen.has(name)) return def;
  seen.add(name);
  const merged: Schema = { ...def, properties: { ...(def.properties ?? {}) }, required: [...(def.required ?? [])] };
  delete merged.allOf;
  for (const parent of def.allOf) {
    if (!parent.$ref?.startsWith('#/definitions/')) throw new Error(`unsupported allOf in ${name}`);
    const base = flatten(parent.$ref.slice('#/definitions/'.length), defs, seen);
    Object.assign(merged.properties!, base.properties ?? {}, def.properties ?? {});
    merged.required = [...new Set([...(base.required ?? []), ...merged.required!])];
  }
  return merged;
}

export interface SwaggerValidator {
  /** Throws with ajv's errors when `body` does not match `#/definitions/<definition>`. */
  expectValid(definition: string, body: unknown): void;
  readonly swagger: { readonly definitions: Record<string, Schema>; readonly paths: Record<string, Record<string, { responses: Record<string, { schema?: Schema; $ref?: string }> }>> };
}

export function loadSwaggerValidator(): SwaggerValidator {
  const swagger = JSON.parse(readFileSync(SWAGGER_PATH, 'utf8'));
  const definitions: Record<string, Schema> = {};
  for (const name of Object.keys(swagger.definitions)) definitions[name] = flatten(name, swagger.definitions);
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addSchema({ $id: 'swagger', definitions });
  const cache = new Map<string, ValidateFunction>();
  return {
    swagger,
    expectValid(definition, body) {
      if (!definitions[definition]) throw new Error(`no definition ${definition}`);
      let validate = cache.get(definition);
      if (!validate) {
        validate = ajv.getSchema(`swagger#/definitions/${definition}`)!;
        cache.set(definition, validate);
      }
      if (!validate(body)) throw new Error(`Answer does not match swagger ${definition}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
    },
  };
}
