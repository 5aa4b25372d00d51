/**
 * Keys that seal long-running grants. Every instance that may run a job must hold the same keys, so in Azure the key
 * is a configured secret:
 * - LONG_RUNNING_GRANT_KEYS: base64 AES-256 keys (comma-separated; the first seals, all unseal: rotation by prepending);
 * - otherwise, with KEY_VAULT_URI: the Key Vault secret LONG_RUNNING_GRANT_KEY_NAME. The secret's VERSION is the key id
 *   written into each grant, so rotating the secret (a new version) seals new grants with the new key while grants
 *   already stored still unseal with the version they name;
 * - otherwise, in Development only: a random key per process (grants work within that process, i.e. the local host);
 * - otherwise: no key; beginning long-running work answers 503 LongRunningGrantKeyUnavailable.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config';
import type { SecretReader } from '../credentials/key-vault';
import { KeyVaultReadError } from '../credentials/errors';
import type { Logger } from '../observability/logger';
import { describeError } from '../observability/logger';
import { systemClock, type Clock } from '../shared/clock';
import { SingleFlight } from '../shared/single-flight';
import { GrantKeyConfigurationError, LongRunningGrantKeyUnavailableError } from './errors';
import { decodeGrantKey, keyIdOf, type GrantKey } from './long-running-grant';

export interface GrantKeyRing {
  /** Where the keys come from, for logs (never the key). */
  readonly description: string;
  /** The key new grants are sealed with. */
  current(): Promise<GrantKey>;
  /** The key with this id; undefined when no such key exists (the grant is then invalid). */
  byId(id: string): Promise<GrantKey | undefined>;
}

export function staticGrantKeys(keys: readonly Buffer[], description: string): GrantKeyRing {
  if (keys.length === 0) throw new Error('at least one key');
  const ring = keys.map((key) => ({ id: keyIdOf(key), key }));
  return {
    description,
    current: async () => ring[0],
    byId: async (id) => ring.find((k) => k.id === id),
  };
}

/** A random key for this process only (Development). */
export function ephemeralGrantKeys(): GrantKeyRing {
  return staticGrantKeys([randomBytes(32)], 'a random per-process key (Development)');
}

export function unavailableGrantKeys(message: string, log: Logger): GrantKeyRing {
  let logged = false;
  const fail = async (): Promise<never> => {
    if (!logged) log.error(message);
    logged = true;
    throw new LongRunningGrantKeyUnavailableError('Long-running operations are not configured on this endpoint', { cause: new GrantKeyConfigurationError('notConfigured', message) });
  };
  return { description: 'none', current: fail, byId: fail };
}

/**
 * Keys from a Key Vault secret's versions. The latest version is cached for `refreshMs`; versions named by grants are
 * immutable and cached for the process's life.
 */
export function keyVaultGrantKeys(reader: SecretReader, secretName: string, options: { readonly refreshMs: number; readonly log: Logger; readonly clock?: Clock }): GrantKeyRing {
  const clock = options.clock ?? systemClock;
  const description = `Key Vault ${reader.vaultUri} secret '${secretName}'`;
  const versions = new Map<string, GrantKey>();
  let latest: { key: GrantKey; at: number } | undefined;
  const reading = new SingleFlight<GrantKey>();

  const decode = (value: string, version: string): GrantKey => {
    const key = decodeGrantKey(value);
    if (!key || !/^[A-Za-z0-9_-]{1,64}$/.test(version)) {
      const problem = `Long-running grant key is not base64 of 32 bytes (or has no version): ${description}`;
      options.log.error(problem);
      throw new LongRunningGrantKeyUnavailableError('The long-running grant key is misconfigured', { cause: new GrantKeyConfigurationError('invalid', problem) });
    }
    return { id: version, key };
  };
  const unavailable = (err: unknown): never => {
    options.log.error(`Long-running grant key could not be read: ${description}`, { cause: describeError(err) });
    throw new LongRunningGrantKeyUnavailableError('The long-running grant key cannot be read right now', { cause: err });
  };

  return {
    description,
    async current() {
      if (latest && clock.now() - latest.at < options.refreshMs) return latest.key;
      return reading.run(async () => {
        try {
          const s = await reader.read(secretName);
          const key = decode(s.value, s.version);
          versions.set(key.id, key);
          latest = { key, at: clock.now() };
          return key;
        } catch (err) {
          if (err instanceof LongRunningGrantKeyUnavailableError) throw err;
          if (latest) return latest.key; // keep sealing with the known key through a vault outage
          return unavailable(err);
        }
      });
    },
    async byId(id) {
      const known = versions.get(id);
      if (known) return known;
      try {
        const s = await reader.read(secretName, { version: id });
        const key = decode(s.value, s.version || id);
        versions.set(id, key);
        return key;
      } catch (err) {
        if (err instanceof LongRunningGrantKeyUnavailableError) throw err;
        if (err instanceof KeyVaultReadError && err.failure === 'not-found') return undefined;
        return unavailable(err);
      }
    },
  };
}

/** Picks where long-running grant keys come from (see the order above and why). */
export function grantKeysFromConfig(config: Config, deps: { readonly log: Logger; readonly secrets?: SecretReader }): GrantKeyRing {
  const lr = config.longRunning;
  if (lr.keys.length > 0) return staticGrantKeys(lr.keys.map((k) => decodeGrantKey(k)!), 'LONG_RUNNING_GRANT_KEYS');
  if (deps.secrets) return keyVaultGrantKeys(deps.secrets, lr.keyName, { refreshMs: config.credential.refreshMinutes * 60_000, log: deps.log });
  if (config.isDevelopment) return ephemeralGrantKeys();
  return unavailableGrantKeys('Long-running grants need a key shared by all instances: set KEY_VAULT_URI (secret LONG_RUNNING_GRANT_KEY_NAME) or LONG_RUNNING_GRANT_KEYS', deps.log);
}
