/**
 * local.settings.json, as Core Tools reads it: `Values` become app settings where the environment has none,
 * `Host.LocalHttpPort` is the default port. Pure.
 */
import { prop } from './host-json';

export interface LocalSettings {
  readonly values: Readonly<Record<string, string>>;
  readonly localHttpPort?: number;
}

export class LocalSettingsError extends Error {
  override readonly name = 'LocalSettingsError';
}

export function readLocalSettings(json: unknown): LocalSettings {
  if (json === undefined) return { values: {} };
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new LocalSettingsError('local.settings.json must contain a JSON object');
  if (prop(json, 'IsEncrypted') === true) throw new LocalSettingsError('local.settings.json is encrypted ("IsEncrypted": true); decrypt it with `func settings decrypt` first');
  const rawValues = prop(json, 'Values') ?? {};
  if (typeof rawValues !== 'object' || rawValues === null || Array.isArray(rawValues)) throw new LocalSettingsError('local.settings.json "Values" must be an object');
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawValues)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') throw new LocalSettingsError(`local.settings.json "Values.${k}" must be a string, number or boolean`);
    values[k] = String(v);
  }
  const port = prop(prop(json, 'Host'), 'LocalHttpPort');
  const localHttpPort = typeof port === 'number' && Number.isInteger(port) && port >= 0 && port < 65536 ? port : undefined;
  return { values, localHttpPort };
}

/** The environment wins; local settings fill only what it lacks; then the local defaults Core Tools also sets. */
export function mergeSettings(env: Readonly<Record<string, string | undefined>>, local: LocalSettings): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries(local.values)) merged[k] = v;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  merged.AZURE_FUNCTIONS_ENVIRONMENT ??= 'Development';
  merged.FUNCTIONS_WORKER_RUNTIME ??= 'node';
  return merged;
}
