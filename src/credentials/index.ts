/**
 * The backend credential, chosen by configuration (BACKEND_CREDENTIAL_TYPE, inferred from the other settings when
 * absent; see src/config). Nothing heavy is loaded here: Key Vault and @azure/identity load on first read.
 */
import type { TokenCredential } from '@azure/identity';
import type { Config } from '../config/config';
import { createLogger, type Logger } from '../observability/logger';
import type { Clock } from '../shared/clock';
import { createKeyVaultSecretReader, type SecretReader } from './key-vault';
import { createManagedIdentity } from './managed-identity';
import { environmentSecretSource, federatedAssertionAudience, keyVaultCertificateSource, keyVaultSecretSource, managedIdentityFicSource } from './sources';
import type { CredentialSource } from './types';

export type { ClientCredentialMaterial, CredentialSnapshot, CredentialSource } from './types';
export type { SecretReader, VaultSecret } from './key-vault';
export { BackendCredentialUnavailableError, KeyVaultReadError, CertificateInvalidError } from './errors';
export { keyVaultClientOptions, isKeyVaultHost } from './key-vault-options';
export { parseCertificateSecret } from './certificate-pem';
export { createKeyVaultSecretReader } from './key-vault';
export { createManagedIdentity } from './managed-identity';

export interface CredentialDependencies {
  readonly log?: Logger;
  /** The managed identity (default: @azure/identity ManagedIdentityCredential with AZURE_CLIENT_ID). */
  readonly identity?: () => Promise<TokenCredential>;
  /** Key Vault reader (default: one SecretClient for KEY_VAULT_URI through the managed identity). */
  readonly secrets?: SecretReader;
  readonly clock?: Clock;
}

export function createCredentialSource(config: Config, deps: CredentialDependencies = {}): CredentialSource {
  const c = config.credential;
  const log = deps.log ?? createLogger(console, { component: 'credentials' });
  const identity = deps.identity ?? createManagedIdentity(c.managedIdentityClientId);
  const refreshMs = c.refreshMinutes * 60_000;
  const secrets = (): SecretReader => {
    if (deps.secrets) return deps.secrets;
    if (!c.keyVaultUri) throw new Error('KEY_VAULT_URI is not set'); // config validation rules this out
    return createKeyVaultSecretReader(c.keyVaultUri, identity);
  };
  switch (c.type) {
    case 'ManagedIdentityFic':
      return managedIdentityFicSource(identity, { audience: federatedAssertionAudience(config.authorityHost), clientId: c.managedIdentityClientId, log });
    case 'KeyVaultCertificate':
      return keyVaultCertificateSource(secrets(), c.certificateName ?? '', { refreshMs, log, clock: deps.clock });
    case 'KeyVaultSecret':
      return keyVaultSecretSource(secrets(), c.secretName, { refreshMs, log, clock: deps.clock });
    case 'EnvironmentSecret':
      return environmentSecretSource(c.clientSecret ?? '', { isDevelopment: config.isDevelopment, log });
  }
}

/** A Key Vault reader for KEY_VAULT_URI through `identity` (undefined when no vault is configured). */
export function secretReaderFor(config: Config, identity: () => Promise<TokenCredential>): SecretReader | undefined {
  const uri = config.credential.keyVaultUri;
  return uri ? createKeyVaultSecretReader(uri, identity) : undefined;
}
