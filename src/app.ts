/**
 * The composition root: builds every part of the app from the validated configuration, once, and wires the parts
 * together. Function handlers use the process's app through getApp(); tests build their own with createApp(config,
 * overrides). Building is cheap: the heavy SDKs (MSAL, @azure/identity, Key Vault, storage) load on first use, at
 * their own seams.
 */
import { createInboundAuth, type InboundAuth } from './auth/inbound/inbound-auth';
import { inboundAuthSettingsFrom } from './auth/inbound/settings';
import type { ItemTypeSpec } from './catalog/item-type';
import { createItemTypeRegistry, type ItemTypeRegistry } from './catalog/registry';
import { loadConfig, type Config, type Env } from './config/config';
import { ConfigError } from './config/errors';
import { createCredentialSource, secretReaderFor } from './credentials';
import type { SecretReader } from './credentials/key-vault';
import { createManagedIdentity } from './credentials/managed-identity';
import type { CredentialSource } from './credentials/types';
import { FabricApiClient } from './fabric-api/client';
import { ItemService } from './items/service';
import { ITEMS_TABLE, TableItemStore } from './items/store';
import { JOBS_TABLE } from './jobs/job-entity';
import { StorageJobQueue } from './jobs/job-queue';
import { JobRunner } from './jobs/job-runner';
import { JobService } from './jobs/job-service';
import { registryJobTypes } from './jobs/job-types';
import { longRunningTokens, type ItemReader } from './jobs/ports';
import { TableJobStore } from './jobs/table-job-store';
import { createLogger } from './observability/logger';
import { OneLakeClient } from './onelake/onelake-client';
import { createStorageClients, type StorageClients } from './storage/clients';
import { grantKeysFromConfig, type GrantKeyRing } from './tokens/grant-keys';
import { createTokenClient } from './tokens/token-client';
import type { TokenClient } from './tokens/types';
import { lazy } from './shared/lazy';
import { ITEM_TYPES } from './workload/item-types';

export interface App {
  readonly config: Config;
  readonly registry: ItemTypeRegistry;
  readonly storage: StorageClients;
  /** The Key Vault reader for KEY_VAULT_URI; undefined when no vault is configured. */
  readonly secrets?: SecretReader;
  /** The backend credential (one per app; its cache survives across invocations). */
  readonly credentials: CredentialSource;
  /** Keys that seal long-running grants (one ring, shared by the token client and readiness). */
  readonly grantKeys: GrantKeyRing;
  /** The token client, built on first use (MSAL loads then); a failed build is retried by the next call. */
  readonly tokens: () => Promise<TokenClient>;
  readonly inboundAuth: InboundAuth;
  readonly items: ItemService;
  readonly jobs: JobService;
  readonly runner: JobRunner;
  readonly fabricApi: FabricApiClient;
  /** Stops background work (the JWKS refresh timer). */
  close(): void;
}

/** Parts a test or a tool supplies instead of the ones built from the configuration. */
export interface AppOverrides {
  readonly itemTypes?: readonly ItemTypeSpec[];
  readonly storage?: StorageClients;
  readonly secrets?: SecretReader;
  readonly credentials?: CredentialSource;
  readonly grantKeys?: GrantKeyRing;
  readonly tokens?: () => Promise<TokenClient>;
  readonly inboundAuth?: InboundAuth;
}

export function createApp(config: Config, overrides: AppOverrides = {}): App {
  const registry = createItemTypeRegistry(config.workloadName, overrides.itemTypes ?? ITEM_TYPES);
  const identity = createManagedIdentity(config.credential.managedIdentityClientId);
  const storage = overrides.storage ?? createStorageClients(config.storage, { managedIdentityClientId: config.credential.managedIdentityClientId });
  const secrets = overrides.secrets ?? secretReaderFor(config, identity);
  const credentials = overrides.credentials ?? createCredentialSource(config, { identity, secrets });
  const grantKeys = overrides.grantKeys ?? grantKeysFromConfig(config, { log: createLogger(console, { component: 'tokens' }), secrets });
  const tokens = overrides.tokens ?? tokenClientOnFirstUse(config, credentials, grantKeys);
  const inboundAuth = overrides.inboundAuth ?? createInboundAuth(inboundAuthSettingsFrom(config));

  const jobStore = new TableJobStore(() => storage.getTableClient(JOBS_TABLE));
  const items = new ItemService({
    store: new TableItemStore(() => storage.getTableClient(ITEMS_TABLE)),
    registry,
    purgeRelated: (key) => jobs.deleteItemJobs(key),
    retentionDays: config.softDeleteRetentionDays,
  });
  const itemReader: ItemReader = { get: (tenantId, workspaceId, itemId) => items.get(tenantId, workspaceId, itemId) };
  const jobParts = { store: jobStore, types: registryJobTypes(registry), items: itemReader, tokens: longRunningTokens(tokens) };
  const jobs = new JobService({ ...jobParts, queue: new StorageJobQueue(() => storage.getQueueClient(config.jobsQueueName)) });
  const runner = new JobRunner({ ...jobParts, oneLake: new OneLakeClient(config.oneLakeEndpoint) });
  const fabricApi = new FabricApiClient({ baseUrl: config.fabricApiBaseUrl, tokens, permissionsTtlMs: config.permissionsCacheSeconds * 1000 });

  return { config, registry, storage, secrets, credentials, grantKeys, tokens, inboundAuth, items, jobs, runner, fabricApi, close: () => inboundAuth.close() };
}

function tokenClientOnFirstUse(config: Config, credentials: CredentialSource, grantKeys: GrantKeyRing): () => Promise<TokenClient> {
  return lazy(() =>
    createTokenClient({
      clientId: config.backendAppId,
      publisherTenantId: config.tenantId,
      authorityHost: config.authorityHost,
      credentials,
      grantKeys,
      grantMaxAgeSeconds: config.longRunning.maxHours * 3600,
      log: createLogger(console, { component: 'tokens' }),
    }),
  );
}

/**
 * An app loader: on its first call reads and validates the configuration from `env` and builds the app, its JWKS load
 * started at once (primed) so the first request rarely waits; later calls answer the same app. An invalid
 * configuration is kept too: every call throws the same ConfigError (answered 503 ConfigurationInvalid), as settings
 * change only with a restart.
 */
export function createAppLoader(env: () => Env, overrides: AppOverrides = {}): () => App {
  let built: { readonly app: App } | { readonly error: ConfigError } | undefined;
  return () => {
    if (!built) {
      try {
        const app = createApp(loadConfig(env()), overrides);
        void app.inboundAuth.keys.prime();
        built = { app };
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        built = { error: err };
      }
    }
    if ('error' in built) throw built.error;
    return built.app;
  };
}

/** The process's app, for the function handlers. Throws ConfigError when the configuration is invalid. */
export const getApp: () => App = createAppLoader(() => process.env);
