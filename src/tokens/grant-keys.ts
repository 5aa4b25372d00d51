/**
 * Keys that seal long-running grants. Every instance that may run a job must hold the same keys, so in Azure the key
 * is a configured secret:
 * - LONG_RUNNING_GRANT_KEYS: base64 AES-256 keys (comma-separated; the first seals, all unseal: rotation by prepending);
 * - otherwise, with KEY_VAULT_URI: the Key Vault secret LONG_RUNNING_GRANT_KEY_NAME. The secret's VERSION is the key id
 *   written into each grant, so rotating the secret (a new version) seals new grants with the new key while grants
 *   already stored still unseal with the version they name, until that version is disabled or deleted (each version
 *   is re-read from Key Vault every GRANT_KEY_RECHECK_MS);
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
import { SingleFlight, SingleFlightGroup } from '../shared/single-flight';
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
 * How long a key read from Key Vault is trusted before Key Vault is asked again, for the version that seals (the
 * latest) and for every version named by a grant. It bounds how long a disabled or deleted version keeps unsealing
 * on a warm instance, and how long a new version waits before it seals (docs/long-running-obo.md, rotation).
 */
export const GRANT_KEY_RECHECK_MS = 5 * 60_000;

/** The version is gone for good: disabled (403 SecretDisabled) or deleted (404). Its grants are invalid. */
const isRevoked = (err: unknown): boolean => err instanceof KeyVaultReadError && (err.failure === 'not-found' || err.failure === 'disabled');

/**
 * Keys from a Key Vault secret's versions. The latest version seals; a grant names the version that unseals it. Both
 * are cached for `refreshMs` only, then read again: a version that was disabled or deleted meanwhile unseals nothing
 * more (its grants are LongRunningGrantInvalid), and a latest version that was disabled or deleted seals nothing more.
 * A re-check that fails for another reason (outage, access) answers 503 for unsealing (fail closed; the job retries),
 * while sealing keeps the last known latest key through the outage.
 */
export function keyVaultGrantKeys(reader: SecretReader, secretName: string, options: { readonly refreshMs: number; readonly log: Logger; readonly clock?: Clock }): GrantKeyRing {
  const clock = options.clock ?? systemClock;
  const description = `Key Vault ${reader.vaultUri} secret '${secretName}'`;
  const versions = new Map<string, { key: GrantKey; at: number }>();
  let latest: { key: GrantKey; at: number } | undefined;
  const reading = new SingleFlight<GrantKey>();
  const checking = new SingleFlightGroup<GrantKey | undefined>();
  const fresh = (entry: { at: number } | undefined): boolean => entry !== undefined && clock.now() - entry.at < options.refreshMs;

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
      if (latest && fresh(latest)) return latest.key;
      return reading.run(async () => {
        try {
          const s = await reader.read(secretName);
          const key = decode(s.value, s.version);
          const at = clock.now();
          versions.set(key.id, { key, at });
          latest = { key, at };
          return key;
        } catch (err) {
          if (err instanceof LongRunningGrantKeyUnavailableError) throw err;
          if (isRevoked(err)) {
            // The sealing version itself was disabled (or the secret deleted): it must neither seal nor unseal.
            if (latest) versions.delete(latest.key.id);
            latest = undefined;
            return unavailable(err);
          }
          if (latest) return latest.key; // keep sealing with the known key through a vault outage
          return unavailable(err);
        }
      });
    },
    async byId(id) {
      const known = versions.get(id);
      if (known && fresh(known)) return known.key;
      return checking.run(id, async () => {
        try {
          const s = await reader.read(secretName, { version: id });
          const key = decode(s.value, s.version || id);
          versions.set(id, { key, at: clock.now() });
          return key;
        } catch (err) {
          if (err instanceof LongRunningGrantKeyUnavailableError) throw err;
          if (isRevoked(err)) {
            versions.delete(id);
            if (latest?.key.id === id) latest = undefined;
            options.log.warn(`Long-running grant key version ${id} is disabled or deleted; grants sealed with it are refused: ${description}`);
            return undefined;
          }
          return unavailable(err);
        }
      });
    },
  };
}

/** Picks where long-running grant keys come from (see the order above and why). */
export function grantKeysFromConfig(config: Config, deps: { readonly log: Logger; readonly secrets?: SecretReader; readonly clock?: Clock }): GrantKeyRing {
  const lr = config.longRunning;
  if (lr.keys.length > 0) return staticGrantKeys(lr.keys.map((k) => decodeGrantKey(k)!), 'LONG_RUNNING_GRANT_KEYS');
  if (deps.secrets) return keyVaultGrantKeys(deps.secrets, lr.keyName, { refreshMs: GRANT_KEY_RECHECK_MS, log: deps.log, clock: deps.clock });
  if (config.isDevelopment) return ephemeralGrantKeys();
  return unavailableGrantKeys('Long-running grants need a key shared by all instances: set KEY_VAULT_URI (secret LONG_RUNNING_GRANT_KEY_NAME) or LONG_RUNNING_GRANT_KEYS', deps.log);
}
