/**
 * What the simulator knows of the workload: the item types and job types of its registry, read from the app's own
 * list (src/workload/item-types.ts, as built into dist/) or from a module named by `--item-types` (a test fixture, or
 * a type not yet in the list). Nothing here is specific to one type: content and job input come from the options a
 * type declares (`cli` of defineItemType and of its jobs) or from files.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliOptionName, createItemTypeRegistry, parseCliValue, type CliField, type ItemTypeRegistry, type ItemTypeSpec, type JsonObject, type RegisteredItemType, type RegisteredJobType } from '../../src/catalog';
import { ITEM_TYPES } from '../../src/workload/item-types';
import { UsageError, type ParsedArgs } from './args';

export const DEFAULT_WORKLOAD_NAME = 'Org.FabricRemoteEndpoint';
const WORKLOAD_NAME = /^Org\.[A-Za-z0-9]+$/;

/** The app's item type list, or the `ITEM_TYPES` export of the module at `modulePath` (relative to the working directory). */
export async function loadItemTypes(modulePath?: string): Promise<readonly ItemTypeSpec[]> {
  if (modulePath === undefined) return ITEM_TYPES;
  let loaded: { ITEM_TYPES?: unknown };
  try {
    loaded = (await import(pathToFileURL(resolve(modulePath)).href)) as { ITEM_TYPES?: unknown };
  } catch (err) {
    throw new UsageError(`--item-types ${modulePath} could not be loaded: ${(err as Error)?.message ?? String(err)}`);
  }
  const list = loaded.ITEM_TYPES ?? (loaded as { default?: { ITEM_TYPES?: unknown } }).default?.ITEM_TYPES;
  if (!Array.isArray(list)) throw new UsageError(`--item-types ${modulePath} must export ITEM_TYPES, a list of defineItemType(...) declarations`);
  return list as readonly ItemTypeSpec[];
}

/** The workload name: --workload, else the sandbox's (the last segment of its audience api://…/<tenant>/<workload>), else the default. */
export function workloadNameOf(option: string | undefined, audience: string | undefined): string {
  if (option !== undefined) {
    if (!WORKLOAD_NAME.test(option)) throw new UsageError('--workload must look like Org.<Name> (letters and digits)');
    return option;
  }
  const last = audience?.split('/').pop();
  return last && WORKLOAD_NAME.test(last) ? last : DEFAULT_WORKLOAD_NAME;
}

export function registryOf(workloadName: string, specs: readonly ItemTypeSpec[]): ItemTypeRegistry {
  try {
    return createItemTypeRegistry(workloadName, specs);
  } catch (err) {
    throw new UsageError(`The item type list is not valid: ${(err as Error).message}`);
  }
}

const shortNames = (r: ItemTypeRegistry) => r.itemTypes.map((t) => t.spec.name).join(', ') || '(none)';

/** `--type` as a short (`Calculator`, any case) or full name; absent: the only type. */
export function pickItemType(registry: ItemTypeRegistry, name: string | undefined): RegisteredItemType {
  if (name === undefined) {
    if (registry.itemTypes.length === 1) return registry.itemTypes[0];
    throw new UsageError(`This workload serves ${registry.itemTypes.length === 0 ? 'no item types' : `several item types (${shortNames(registry)})`}: say which with --type`);
  }
  const found = registry.itemTypes.find((t) => t.fullName === name || t.spec.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new UsageError(`--type ${name}: this workload serves ${shortNames(registry)}`);
  return found;
}

/** `--job-type` as a short (`Calculate`) or full name among the item type's jobs; absent: its only job. */
export function pickJobType(registry: ItemTypeRegistry, type: RegisteredItemType, name: string | undefined): RegisteredJobType {
  const jobs = registry.jobTypes.filter((j) => j.itemType === type);
  const names = jobs.map((j) => j.name).join(', ');
  if (jobs.length === 0) throw new UsageError(`Item type ${type.spec.name} declares no jobs`);
  if (name === undefined) {
    if (jobs.length === 1) return jobs[0];
    throw new UsageError(`Item type ${type.spec.name} has several jobs (${names}): say which with --job-type`);
  }
  const found = jobs.find((j) => j.fullName === name || j.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new UsageError(`--job-type ${name}: item type ${type.spec.name} has the jobs ${names}`);
  return found;
}

/**
 * The options a field list offers, e.g. `operand1`, `step-delay-ms`. A field whose option is one of the command's own
 * (`reserved`, e.g. `--item`, `--description`) is refused: one option must not set two things.
 */
export function fieldOptionNames(fields: Readonly<Record<string, CliField>> | undefined, reserved: readonly string[]): string[] {
  const names = Object.keys(fields ?? {}).map(cliOptionName);
  const clash = names.filter((n) => reserved.includes(n));
  if (clash.length > 0) throw new UsageError(`The declared field option ${clash.map((n) => `--${n}`).join(', ')} is also the simulator's own option: rename the field in the type's cli declaration`);
  return names;
}

/**
 * The fields given as options, checked against their declaration (UsageError); with `defaults`, declared defaults
 * fill the fields not given. Undefined when nothing was given and nothing defaults.
 */
export function readFields(options: ParsedArgs['options'], fields: Readonly<Record<string, CliField>> | undefined, { defaults }: { readonly defaults: boolean }): JsonObject | undefined {
  const out: JsonObject = {};
  for (const [field, spec] of Object.entries(fields ?? {})) {
    const option = cliOptionName(field);
    const v = options[option];
    if (v === true) throw new UsageError(`--${option} needs a value`);
    try {
      if (v !== undefined) out[field] = parseCliValue(spec, v, `--${option}`);
      else if (defaults && spec.default !== undefined) out[field] = spec.default;
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Help lines for a type's options: `--operand1 <number>  the first operand (default 6)`. */
export function describeFields(fields: Readonly<Record<string, CliField>> | undefined): string[] {
  const rows = Object.entries(fields ?? {}).map(([field, f]) => ({
    option: `--${cliOptionName(field)} ${f.choices ? f.choices.join('|') : `<${f.type}>`}`,
    extra: [f.description, f.default !== undefined ? `default ${String(f.default)}` : undefined].filter(Boolean).join(', '),
  }));
  const width = Math.max(0, ...rows.map((r) => r.option.length));
  return rows.map((r) => (r.extra ? `${r.option.padEnd(width)}   ${r.extra}` : r.option));
}
