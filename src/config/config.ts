import { ConfigError } from './errors';
import { SETTINGS, type SettingName } from './settings';
import { GUID } from '../fabric/guid';

export type CredentialType = 'ManagedIdentityFic' | 'KeyVaultCertificate' | 'KeyVaultSecret' | 'EnvironmentSecret';
export const CREDENTIAL_TYPES: readonly CredentialType[] = ['ManagedIdentityFic', 'KeyVaultCertificate', 'KeyVaultSecret', 'EnvironmentSecret'];

export interface CredentialConfig {
  readonly type: CredentialType;
  readonly keyVaultUri?: string;
  readonly secretName: string;
  readonly certificateName?: string;
  /** Only for EnvironmentSecret. */
  readonly clientSecret?: string;
  readonly managedIdentityClientId?: string;
  readonly refreshMinutes: number;
}

export interface LongRunningConfig {
  /** LONG_RUNNING_GRANT_KEYS entries (base64, each 32 bytes); empty when not configured. Secret. */
  readonly keys: readonly string[];
  /** Key Vault secret holding the key when KEY_VAULT_URI is set and no keys are configured. */
  readonly keyName: string;
  readonly maxHours: number;
}

export interface StorageConfig {
  /** Connection string (Azurite locally). */
  readonly connectionString?: string;
  readonly tableServiceUri?: string;
  readonly queueServiceUri?: string;
  readonly blobServiceUri?: string;
  /** User-assigned identity for identity-based connections. */
  readonly clientId?: string;
}

export interface Config {
  readonly tenantId: string;
  readonly backendAppId: string;
  readonly backendAudience: string;
  /** No trailing slash, e.g. https://login.microsoftonline.com */
  readonly authorityHost: string;
  readonly fabricAppIds: readonly string[];
  readonly workloadName: string;
  readonly isDevelopment: boolean;
  readonly credential: CredentialConfig;
  readonly fabricApiBaseUrl: string;
  /** How long a ResolvePermissions answer is reused, seconds (0: not cached). */
  readonly permissionsCacheSeconds: number;
  readonly longRunning: LongRunningConfig;
  readonly oneLakeEndpoint: string;
  readonly storage: StorageConfig;
  readonly jobsQueueName: string;
  readonly softDeleteRetentionDays: number;
  readonly publicBaseUrl?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

const WORKLOAD_NAME = /^Org\.[A-Za-z0-9]+$/;
const QUEUE_NAME = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;
const KEY_VAULT_REFERENCE = /^@Microsoft\.KeyVault\(/i;
/** A `<…>` placeholder, as local.settings.sample.json writes the values each developer fills in. */
const PLACEHOLDER = /<[^<>\s][^<>]*>/;
/** Said once after the problems when a local run lacks the settings of a real Entra app. */
export const LOCAL_CONFIGURATION_HINT =
  'To run locally without an Entra app or Azure, use `npm run dev`: the sandbox configures everything itself. ' +
  'To use your own app registration, fill these settings as docs/entra-app.md shows (local.settings.sample.json lists them).';

/**
 * Reads and validates every setting once. Collects all problems and throws one ConfigError listing each,
 * naming the setting and never its value when the setting is secret.
 */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const spec = new Map<string, (typeof SETTINGS)[number]>(SETTINGS.map((s) => [s.name, s]));

  // Values that stand for a value rather than being one: reported once here, then treated as absent.
  const unusable = new Set<string>();
  let placeholderSeen = false;
  for (const s of SETTINGS) {
    const v = env[s.name]?.trim();
    if (v === undefined) continue;
    if (KEY_VAULT_REFERENCE.test(v)) {
      unusable.add(s.name);
      problems.push(`${s.name} is an unresolved Key Vault reference (@Microsoft.KeyVault(...)): grant the app's identity access to the vault, or check the reference`);
    } else if (PLACEHOLDER.test(v)) {
      unusable.add(s.name);
      placeholderSeen = true;
      const shown = 'secret' in s && s.secret ? '' : ` "${PLACEHOLDER.exec(v)![0]}"`;
      problems.push(`${s.name} is still the sample's placeholder${shown}: replace it with the real value (${s.description.replace(/\.$/, '')})`);
    }
  }

  const raw = (name: SettingName): string | undefined => {
    const v = env[name]?.trim();
    if (v === undefined || v === '' || unusable.has(name)) return undefined;
    return v;
  };
  const get = (name: SettingName): string | undefined => raw(name) ?? (spec.get(name) as { defaultValue?: string } | undefined)?.defaultValue;
  let requiredMissing = false;
  const required = (name: SettingName): string => {
    const v = raw(name);
    if (v === undefined && !unusable.has(name)) {
      requiredMissing = true;
      problems.push(`${name} is required: ${spec.get(name)!.description}`);
    }
    return v ?? '';
  };
  const guid = (name: SettingName, v: string | undefined): string | undefined => {
    if (v !== undefined && v !== '' && !GUID.test(v)) problems.push(`${name} must be a GUID`);
    return v?.toLowerCase();
  };
  const url = (name: SettingName, v: string | undefined, { httpsOnly = true } = {}): string | undefined => {
    if (v === undefined) return undefined;
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      problems.push(`${name} must be an absolute URL`);
      return undefined;
    }
    const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local && !httpsOnly)) {
      problems.push(`${name} must use https${httpsOnly ? '' : ' (plain http is accepted for localhost only)'}`);
    }
    if (u.username || u.password) problems.push(`${name} must not contain credentials`);
    return v.replace(/\/+$/, '');
  };
  const int = (name: SettingName, min: number, max: number): number => {
    const v = get(name)!;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) problems.push(`${name} must be a whole number from ${min} to ${max}`);
    return n;
  };

  const tenantId = guid('TENANT_ID', required('TENANT_ID')) ?? '';
  const backendAppId = guid('BACKEND_APPID', required('BACKEND_APPID')) ?? '';
  const backendAudience = required('BACKEND_AUDIENCE');
  const authorityHost = url('ENTRA_AUTHORITY_HOST', get('ENTRA_AUTHORITY_HOST')) ?? '';
  if (authorityHost && new URL(authorityHost).pathname !== '/') problems.push('ENTRA_AUTHORITY_HOST must be a host only (no path), e.g. https://login.microsoftonline.com');

  const fabricAppIds = (get('FABRIC_APP_IDS') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (fabricAppIds.length === 0) problems.push('FABRIC_APP_IDS must list at least one app id');
  for (const id of fabricAppIds) if (!GUID.test(id)) problems.push(`FABRIC_APP_IDS entry "${id}" is not a GUID`);

  const workloadName = get('WORKLOAD_NAME')!;
  if (!WORKLOAD_NAME.test(workloadName)) problems.push('WORKLOAD_NAME must look like Org.<Name> (letters and digits)');

  const isDevelopment = get('AZURE_FUNCTIONS_ENVIRONMENT') === 'Development';

  // Credentials for outbound calls (OBO, S2S).
  const keyVaultUri = url('KEY_VAULT_URI', raw('KEY_VAULT_URI'), { httpsOnly: false });
  const managedIdentityClientId = guid('AZURE_CLIENT_ID', raw('AZURE_CLIENT_ID'));
  const certificateName = raw('BACKEND_CERTIFICATE_NAME');
  const clientSecret = raw('BACKEND_CLIENT_SECRET');
  let type = raw('BACKEND_CREDENTIAL_TYPE') as CredentialType | undefined;
  if (type !== undefined && !CREDENTIAL_TYPES.includes(type)) {
    problems.push(`BACKEND_CREDENTIAL_TYPE must be one of ${CREDENTIAL_TYPES.join(', ')}`);
    type = undefined;
  }
  if (type === undefined) {
    type = keyVaultUri ? (certificateName ? 'KeyVaultCertificate' : 'KeyVaultSecret') : clientSecret ? 'EnvironmentSecret' : undefined;
    const reported = ['BACKEND_CREDENTIAL_TYPE', 'KEY_VAULT_URI', 'BACKEND_CLIENT_SECRET'].some((name) => unusable.has(name));
    if (type === undefined && raw('BACKEND_CREDENTIAL_TYPE') === undefined && !reported) {
      problems.push('No backend credential configured: set KEY_VAULT_URI (secret or certificate in Key Vault), BACKEND_CREDENTIAL_TYPE=ManagedIdentityFic, or BACKEND_CLIENT_SECRET (local development only)');
    }
  }
  if ((type === 'KeyVaultSecret' || type === 'KeyVaultCertificate') && !keyVaultUri) problems.push(`KEY_VAULT_URI is required when BACKEND_CREDENTIAL_TYPE is ${type}`);
  if (type === 'KeyVaultCertificate' && !certificateName) problems.push('BACKEND_CERTIFICATE_NAME is required when BACKEND_CREDENTIAL_TYPE is KeyVaultCertificate');
  if (type === 'EnvironmentSecret' && !clientSecret) problems.push('BACKEND_CLIENT_SECRET is required when BACKEND_CREDENTIAL_TYPE is EnvironmentSecret');
  if (type === 'ManagedIdentityFic' && !managedIdentityClientId) problems.push('AZURE_CLIENT_ID (the user-assigned identity) is required when BACKEND_CREDENTIAL_TYPE is ManagedIdentityFic');
  const secretName = get('BACKEND_CLIENT_SECRET_NAME')!;
  if (!/^[0-9A-Za-z-]{1,127}$/.test(secretName)) problems.push('BACKEND_CLIENT_SECRET_NAME must be a Key Vault secret name (letters, digits, dashes)');

  // Long-running OBO grants (src/tokens/grant-keys.ts).
  const grantKeys = (raw('LONG_RUNNING_GRANT_KEYS') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (grantKeys.some((k) => !/^[A-Za-z0-9+/_-]+={0,2}$/.test(k) || Buffer.from(k.replace(/-/g, '+').replace(/_/g, '/'), 'base64').length !== 32)) {
    problems.push('LONG_RUNNING_GRANT_KEYS entries must each be base64 of 32 random bytes (e.g. openssl rand -base64 32)');
  }
  const grantKeyName = get('LONG_RUNNING_GRANT_KEY_NAME')!;
  if (!/^[0-9A-Za-z-]{1,127}$/.test(grantKeyName)) problems.push('LONG_RUNNING_GRANT_KEY_NAME must be a Key Vault secret name (letters, digits, dashes)');

  // Storage: a connection string (Azurite, or a real account) or identity-based service URIs.
  const storage: StorageConfig = {
    connectionString: raw('AzureWebJobsStorage'),
    tableServiceUri: url('AzureWebJobsStorage__tableServiceUri', raw('AzureWebJobsStorage__tableServiceUri'), { httpsOnly: false }),
    queueServiceUri: url('AzureWebJobsStorage__queueServiceUri', raw('AzureWebJobsStorage__queueServiceUri'), { httpsOnly: false }),
    blobServiceUri: url('AzureWebJobsStorage__blobServiceUri', raw('AzureWebJobsStorage__blobServiceUri'), { httpsOnly: false }),
    clientId: guid('AzureWebJobsStorage__clientId', raw('AzureWebJobsStorage__clientId')),
  };
  const storageReported = ['AzureWebJobsStorage', 'AzureWebJobsStorage__tableServiceUri', 'AzureWebJobsStorage__queueServiceUri'].some((name) => unusable.has(name));
  if (!storage.connectionString && !(storage.tableServiceUri && storage.queueServiceUri) && !storageReported) {
    problems.push('Storage is not configured: set AzureWebJobsStorage (connection string; locally Azurite) or AzureWebJobsStorage__tableServiceUri and AzureWebJobsStorage__queueServiceUri (identity-based)');
  }

  const jobsQueueName = get('JOBS_QUEUE_NAME')!;
  if (!QUEUE_NAME.test(jobsQueueName) || jobsQueueName.length > 56) problems.push('JOBS_QUEUE_NAME must be a valid queue name (3-56 lowercase letters, digits, single dashes; <name>-poison must fit in 63)');

  const config: Config = {
    tenantId,
    backendAppId,
    backendAudience,
    authorityHost,
    fabricAppIds,
    workloadName,
    isDevelopment,
    credential: {
      type: type ?? 'KeyVaultSecret',
      keyVaultUri,
      secretName,
      certificateName,
      clientSecret,
      managedIdentityClientId,
      refreshMinutes: int('SECRET_REFRESH_MINUTES', 1, 24 * 60),
    },
    fabricApiBaseUrl: url('FABRIC_API_BASE_URL', get('FABRIC_API_BASE_URL'), { httpsOnly: false }) ?? '',
    permissionsCacheSeconds: int('FABRIC_PERMISSIONS_CACHE_SECONDS', 0, 300),
    longRunning: { keys: grantKeys, keyName: grantKeyName, maxHours: int('LONG_RUNNING_GRANT_MAX_HOURS', 1, 24 * 90) },
    oneLakeEndpoint: url('ONELAKE_ENDPOINT', get('ONELAKE_ENDPOINT'), { httpsOnly: false }) ?? '',
    storage,
    jobsQueueName,
    softDeleteRetentionDays: int('SOFT_DELETE_RETENTION_DAYS', 1, 365),
    publicBaseUrl: url('PUBLIC_BASE_URL', raw('PUBLIC_BASE_URL') ?? (env.WEBSITE_HOSTNAME ? `https://${env.WEBSITE_HOSTNAME}/api` : undefined), { httpsOnly: false }),
  };
  if (problems.length > 0) {
    throw new ConfigError(problems, { hint: isDevelopment && (requiredMissing || placeholderSeen) ? LOCAL_CONFIGURATION_HINT : undefined });
  }
  return config;
}
