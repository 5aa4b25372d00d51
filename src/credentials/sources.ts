/**
 * The four ways the workload app authenticates to Entra ID, in order of preference:
 * (a) ManagedIdentityFic: secretless; a managed-identity token for api://AzureADTokenExchange is the client assertion
 *     (the app registration trusts the identity through a federated identity credential);
 * (b) KeyVaultCertificate: a certificate whose PEM secret lives in Key Vault;
 * (c) KeyVaultSecret: a client secret in Key Vault;
 * (d) EnvironmentSecret: BACKEND_CLIENT_SECRET in the environment, for local development (warned about elsewhere).
 */
import { createHash } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import type { Logger } from '../observability/logger';
import { describeError } from '../observability/logger';
import { CachedCredentialSource } from './cached-source';
import { parseCertificateSecret } from './certificate-pem';
import type { Clock } from '../shared/clock';
import { BackendCredentialUnavailableError } from './errors';
import type { SecretReader } from './key-vault';
import type { CredentialSnapshot, CredentialSource } from './types';

export function environmentSecretSource(secret: string, options: { readonly isDevelopment: boolean; readonly log: Logger }): CredentialSource {
  if (!options.isDevelopment) {
    options.log.warn('BACKEND_CLIENT_SECRET (EnvironmentSecret) is in use outside Development: keep the secret in Key Vault, or use BACKEND_CREDENTIAL_TYPE=ManagedIdentityFic');
  }
  return new CachedCredentialSource({
    type: 'EnvironmentSecret',
    description: 'environment setting BACKEND_CLIENT_SECRET',
    load: async () => ({ material: { kind: 'secret', secret }, fingerprint: createHash('sha256').update(secret).digest('hex') }),
    refreshMs: Number.POSITIVE_INFINITY,
    log: options.log,
  });
}

export function keyVaultSecretSource(reader: SecretReader, secretName: string, options: { readonly refreshMs: number; readonly log: Logger; readonly clock?: Clock }): CredentialSource {
  return new CachedCredentialSource({
    type: 'KeyVaultSecret',
    description: `Key Vault ${reader.vaultUri} secret '${secretName}'`,
    load: async () => {
      const s = await reader.read(secretName);
      return { material: { kind: 'secret', secret: s.value }, fingerprint: s.version || createHash('sha256').update(s.value).digest('hex') };
    },
    ...options,
  });
}

export function keyVaultCertificateSource(reader: SecretReader, certificateName: string, options: { readonly refreshMs: number; readonly log: Logger; readonly clock?: Clock }): CredentialSource {
  return new CachedCredentialSource({
    type: 'KeyVaultCertificate',
    description: `Key Vault ${reader.vaultUri} certificate '${certificateName}'`,
    load: async () => {
      const s = await reader.read(certificateName);
      const cert = parseCertificateSecret(s.value, s.contentType);
      return { material: { kind: 'certificate', ...cert }, fingerprint: s.version || cert.thumbprintSha256 };
    },
    ...options,
  });
}

/**
 * Audience of the managed-identity token used as a federated client assertion. Entra uses one per cloud:
 * https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
 */
export function federatedAssertionAudience(authorityHost: string): string {
  const host = new URL(authorityHost).host.toLowerCase();
  if (host === 'login.chinacloudapi.cn' || host === 'login.partner.microsoftonline.cn') return 'api://AzureADTokenExchangeChina';
  if (host === 'login.microsoftonline.us' || host === 'login.usgovcloudapi.net' || host === 'login-us.microsoftonline.com') return 'api://AzureADTokenExchangeUSGov';
  return 'api://AzureADTokenExchange';
}

/**
 * The managed identity's token for the federated-credential audience is the client assertion. MSAL asks for it on
 * every token request; @azure/identity caches it until shortly before expiry, so this costs no extra round trips.
 * Nothing to re-read on invalid_client (the identity is not a stored secret), so renew() is always false.
 */
export function managedIdentityFicSource(identity: () => Promise<TokenCredential>, options: { readonly audience: string; readonly clientId?: string; readonly log: Logger }): CredentialSource {
  let failing = false;
  const getAssertion = async (): Promise<string> => {
    try {
      const t = await (await identity()).getToken(`${options.audience}/.default`);
      if (!t?.token) throw new Error('managed identity returned no token');
      failing = false;
      return t.token;
    } catch (err) {
      if (!failing) options.log.error(`Managed identity token for the federated client assertion could not be obtained (identity ${options.clientId ?? 'system-assigned'}, audience ${options.audience})`, { cause: describeError(err) });
      failing = true;
      throw new BackendCredentialUnavailableError(5, { cause: err });
    }
  };
  const snapshot: CredentialSnapshot = { generation: 1, material: { kind: 'assertion', getAssertion } };
  return {
    type: 'ManagedIdentityFic',
    description: `managed identity ${options.clientId ?? '(system-assigned)'} as federated credential (${options.audience})`,
    current: async () => snapshot,
    renew: async () => false,
  };
}
