/**
 * SecretClient options derived from KEY_VAULT_URI alone. Pure.
 *
 * Challenge resource verification: the Key Vault SDK checks that the `resource` named in the vault's 401 challenge
 * is a suffix of the vault's host, so a look-alike host cannot obtain a token for some other resource. That check is
 * kept for every real Key Vault / Managed HSM host. It is turned off only when the configured host is NOT a Key Vault
 * domain, which happens only when the operator points KEY_VAULT_URI at a Key Vault stand-in (the local one). That is
 * safe because the host is operator configuration, the same trust as ENTRA_AUTHORITY_HOST: whoever can set it can
 * already redirect every call, and a real vault host can never fall into this branch. The switch follows from the
 * configured value, not from an "is local" flag.
 *
 * Plain http is accepted only when the configuration allowed it, and config accepts http only for localhost.
 */

/** DNS suffixes of Key Vault and Managed HSM in the public and sovereign clouds. */
export const KEY_VAULT_DNS_SUFFIXES: readonly string[] = [
  '.vault.azure.net',
  '.vault.azure.cn',
  '.vault.usgovcloudapi.net',
  '.vault.microsoftazure.de',
  '.managedhsm.azure.net',
  '.managedhsm.azure.cn',
  '.managedhsm.usgovcloudapi.net',
];

export interface KeyVaultClientOptions {
  readonly disableChallengeResourceVerification: boolean;
  readonly allowInsecureConnection: boolean;
  /** A few quick retries: a cold start is waiting on this read. */
  readonly retryOptions: { readonly maxRetries: number; readonly retryDelayInMs: number; readonly maxRetryDelayInMs: number };
}

export function isKeyVaultHost(vaultUri: string): boolean {
  const host = new URL(vaultUri).hostname.toLowerCase();
  return KEY_VAULT_DNS_SUFFIXES.some((s) => host.endsWith(s) && host.length > s.length);
}

export function keyVaultClientOptions(vaultUri: string): KeyVaultClientOptions {
  const url = new URL(vaultUri);
  return {
    disableChallengeResourceVerification: !isKeyVaultHost(vaultUri),
    allowInsecureConnection: url.protocol === 'http:',
    retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 },
  };
}
