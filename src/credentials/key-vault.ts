/**
 * Reads secrets (and certificates' secrets) from Key Vault through @azure/keyvault-secrets, authenticated by the
 * app's managed identity. The SDK is loaded on first use. One SecretClient per vault per process: the SDK caches the
 * challenge and the identity token between reads.
 */
import type { TokenCredential } from '@azure/identity';
import { describeError } from '../observability/logger';
import { KeyVaultReadError, type KeyVaultFailure } from './errors';
import { keyVaultClientOptions } from './key-vault-options';
import { lazy } from '../shared/lazy';

export interface VaultSecret {
  readonly value: string;
  /** The secret version id (changes on every rotation). */
  readonly version: string;
  readonly contentType?: string;
}

export interface SecretReader {
  readonly vaultUri: string;
  /** Latest version, or the given one. Throws KeyVaultReadError. */
  read(name: string, options?: { readonly version?: string }): Promise<VaultSecret>;
}

const loadKeyVaultSecrets = () => import('@azure/keyvault-secrets');
type SecretClient = InstanceType<Awaited<ReturnType<typeof loadKeyVaultSecrets>>['SecretClient']>;

export function createKeyVaultSecretReader(vaultUri: string, credential: () => Promise<TokenCredential>): SecretReader {
  const getClient = lazy(async (): Promise<SecretClient> => {
    const { SecretClient } = await loadKeyVaultSecrets();
    return new SecretClient(vaultUri, await credential(), keyVaultClientOptions(vaultUri));
  });
  return {
    vaultUri,
    async read(name, { version } = {}) {
      let secret;
      try {
        secret = await (await getClient()).getSecret(name, version ? { version } : {});
      } catch (err) {
        throw new KeyVaultReadError(vaultUri, name, failureOf(err), describeError(err), { cause: err });
      }
      if (typeof secret.value !== 'string' || secret.value === '') throw new KeyVaultReadError(vaultUri, name, 'not-found', 'secret has no value');
      if (secret.properties.enabled === false) throw new KeyVaultReadError(vaultUri, name, 'disabled', 'secret is disabled');
      return { value: secret.value, version: secret.properties.version ?? '', contentType: secret.properties.contentType };
    },
  };
}

/**
 * Key Vault answers a get of a disabled version with 403 `Forbidden` and inner error `SecretDisabled`; the SDK puts
 * the deserialized error body in `details` (`error.innerError.code`). Any other 401/403 is an access problem.
 */
function failureOf(err: unknown): KeyVaultFailure {
  const e = err as { statusCode?: unknown; details?: { error?: { innerError?: { code?: unknown } | null } | null } };
  if (e.statusCode === 404) return 'not-found';
  if (e.statusCode === 403 && e.details?.error?.innerError?.code === 'SecretDisabled') return 'disabled';
  if (e.statusCode === 401 || e.statusCode === 403) return 'forbidden';
  return 'unavailable';
}
