/**
 * The process's token client: built on first use (MSAL loads then), from configuration. One per process, so its
 * token cache survives across invocations.
 */
import { getConfig, type Config } from '../config';
import { getCredentialSource, getSecretReader } from '../credentials';
import type { SecretReader } from '../credentials/key-vault';
import { createLogger, type Logger } from '../observability/logger';
import { ephemeralGrantKeys, keyVaultGrantKeys, staticGrantKeys, unavailableGrantKeys, type GrantKeyRing } from './grant-keys';
import { decodeGrantKey } from './long-running-grant';
import { createTokenClient } from './token-client';
import type { TokenClient } from './types';

/** Picks where long-running grant keys come from (see grant-keys.ts for the order and why). */
export function grantKeysFromConfig(config: Config, deps: { readonly log: Logger; readonly secrets?: SecretReader }): GrantKeyRing {
  const lr = config.longRunning;
  if (lr.keys.length > 0) return staticGrantKeys(lr.keys.map((k) => decodeGrantKey(k)!), 'LONG_RUNNING_GRANT_KEYS');
  if (deps.secrets) return keyVaultGrantKeys(deps.secrets, lr.keyName, { refreshMs: config.credential.refreshMinutes * 60_000, log: deps.log });
  if (config.isDevelopment) return ephemeralGrantKeys();
  return unavailableGrantKeys('Long-running grants need a key shared by all instances: set KEY_VAULT_URI (secret LONG_RUNNING_GRANT_KEY_NAME) or LONG_RUNNING_GRANT_KEYS', deps.log);
}

let grantKeys: GrantKeyRing | undefined;

/** The process's grant keys: one ring (and one cache of Key Vault reads) shared by the token client and readiness. */
export function getGrantKeys(): GrantKeyRing {
  if (!grantKeys) {
    const config = getConfig();
    grantKeys = grantKeysFromConfig(config, { log: createLogger(console, { component: 'tokens' }), secrets: getSecretReader(config) });
  }
  return grantKeys;
}

let client: Promise<TokenClient> | undefined;

export function getTokenClient(): Promise<TokenClient> {
  client ??= (async () => {
    const config = getConfig();
    const log = createLogger(console, { component: 'tokens' });
    return createTokenClient({
      clientId: config.backendAppId,
      publisherTenantId: config.tenantId,
      authorityHost: config.authorityHost,
      credentials: getCredentialSource(),
      grantKeys: getGrantKeys(),
      grantMaxAgeSeconds: config.longRunning.maxHours * 3600,
      log,
    });
  })();
  client.catch(() => {
    client = undefined;
  });
  return client;
}
