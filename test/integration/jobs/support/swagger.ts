/**
 * Validates answers against the workload swagger (../shared/specs/fabric-workload-api.swagger.json) with ajv.
 * Swagger 2.0 definitions combine `allOf` with `additionalProperties: false`, which JSON Schema reads as "no
 * inherited properties allowed": the inherited properties are merged in first, as AutoRest/NSwag do.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Schema = Record<string, unknown>;
const SWAGGER = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'specs', 'fabric-workload-api.swagger.json');

function loadDefinitions(): Record<string, Schema> {
  const swagger = JSON.parse(readFileSync(SWAGGER, 'utf8')) as { definitions: Record<string, Schema> };
  const defs = swagger.definitions;
  const flatten = (name: string, seen = new Set<string>()): Schema => {
    const d = defs[name];
    if (!d.allOf || seen.has(name)) return d;
    seen.add(name);
    const properties: Record<string, unknown> = {};
    const required = new Set<string>((d.required as string[] | undefined) ?? []);
    for (const part of d.allOf as Schema[]) {
      const ref = String(part.$ref ?? '').replace('#/definitions/', '');
      const base = flatten(ref, seen);
      Object.assign(properties, base.properties as object);
      for (const r of (base.required as string[] | undefined) ?? []) required.add(r);
    }
    Object.assign(properties, d.properties as object);
    const { allOf: _allOf, ...rest } = d;
    return { ...rest, properties, required: [...required] };
  };
  const out: Record<string, Schema> = {};
  for (const name of Object.keys(defs)) out[name] = flatten(name);
  return out;
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** Errors of `value` against swagger definition `name` (empty when valid). */
export function swaggerErrors(name: string, value: unknown): string[] {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'swagger', definitions: loadDefinitions() });
  }
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile({ $ref: `swagger#/definitions/${name}` });
    compiled.set(name, validate);
  }
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
