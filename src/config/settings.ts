/**
 * Every application setting the code reads, in one table. The Bicep drift test, the README table and
 * start-up validation all derive from this list, so a setting cannot exist in one place only.
 */
export interface SettingSpec {
  /** The environment variable / app setting name (Microsoft's own names where they exist). */
  readonly name: string;
  readonly description: string;
  /** Required in every environment (local and Azure). */
  readonly required: boolean;
  /** Never printed, not even in validation messages. */
  readonly secret?: boolean;
  /** Bicep sets it as an app setting (possibly empty), and sets no setting without this mark (test/infra/settings-drift). */
  readonly setByInfra?: boolean;
  readonly defaultValue?: string;
}

export const SETTINGS = [
  { name: 'TENANT_ID', required: true, setByInfra: true, description: 'Publisher tenant GUID: the tenant of the workload Entra app; Fabric app tokens must come from it.' },
  { name: 'BACKEND_APPID', required: true, setByInfra: true, description: 'Client id (GUID) of the workload backend Entra app; the audience of v2.0 tokens.' },
  { name: 'BACKEND_AUDIENCE', required: true, setByInfra: true, description: 'Audience of v1.0 tokens (the manifest ResourceId), e.g. api://localdevinstance/<tenant>/<workload>.' },
  { name: 'ENTRA_AUTHORITY_HOST', required: false, setByInfra: true, defaultValue: 'https://login.microsoftonline.com', description: 'Entra ID authority host (sovereign clouds, or the local identity provider). JWKS: {host}/common/discovery/v2.0/keys.' },
  { name: 'FABRIC_APP_IDS', required: false, defaultValue: '00000009-0000-0000-c000-000000000000,d2450708-699c-41e3-8077-b0c8341509aa', description: 'Comma-separated app ids accepted as the caller of control-plane calls (Fabric first-party apps).' },
  { name: 'WORKLOAD_NAME', required: false, setByInfra: true, defaultValue: 'Org.FabricRemoteEndpoint', description: 'Workload name (Org.<Name>); item types are <WorkloadName>.<ItemType>, job types <WorkloadName>.<ItemType>.<Job>.' },
  { name: 'AZURE_FUNCTIONS_ENVIRONMENT', required: false, defaultValue: 'Production', description: 'Development locally (set by Core Tools and the local host); anything else is treated as production.' },
  { name: 'BACKEND_CREDENTIAL_TYPE', required: false, setByInfra: true, description: 'How the backend app authenticates to Entra: ManagedIdentityFic | KeyVaultCertificate | KeyVaultSecret | EnvironmentSecret. Inferred from the other settings when absent.' },
  { name: 'KEY_VAULT_URI', required: false, setByInfra: true, description: 'Key Vault holding the backend credential (read through managed identity).' },
  { name: 'BACKEND_CLIENT_SECRET_NAME', required: false, setByInfra: true, defaultValue: 'backend-client-secret', description: 'Name of the Key Vault secret holding the backend client secret.' },
  { name: 'BACKEND_CERTIFICATE_NAME', required: false, setByInfra: true, description: 'Name of the Key Vault certificate holding the backend credential (read as its secret: PEM or PFX).' },
  { name: 'BACKEND_CLIENT_SECRET', required: false, secret: true, description: 'Local development only: the backend client secret itself. A warning is logged when used outside Development.' },
  { name: 'AZURE_CLIENT_ID', required: false, setByInfra: true, description: 'Client id of the user-assigned managed identity (Key Vault, storage, federated credential).' },
  { name: 'SECRET_REFRESH_MINUTES', required: false, defaultValue: '60', description: 'Re-read the backend credential from Key Vault after this many minutes (also re-read at once on invalid_client).' },
  { name: 'LONG_RUNNING_GRANT_KEYS', required: false, secret: true, description: 'Keys sealing long-running OBO grants (base64 of 32 random bytes, comma-separated; the first seals, all unseal). When absent: Key Vault secret LONG_RUNNING_GRANT_KEY_NAME if KEY_VAULT_URI is set, else a per-process key in Development only.' },
  { name: 'LONG_RUNNING_GRANT_KEY_NAME', required: false, setByInfra: true, defaultValue: 'long-running-grant-key', description: 'Name of the Key Vault secret (base64 of 32 random bytes) sealing long-running OBO grants; its versions are the key ids.' },
  { name: 'LONG_RUNNING_GRANT_MAX_HOURS', required: false, defaultValue: '24', description: 'Absolute lifetime of a long-running OBO grant (how long a job may act on the user\'s behalf), hours.' },
  { name: 'FABRIC_API_BASE_URL', required: false, defaultValue: 'https://api.fabric.microsoft.com', description: 'Fabric REST API base URL (workload-control and public APIs).' },
  { name: 'FABRIC_PERMISSIONS_CACHE_SECONDS', required: false, defaultValue: '60', description: 'How long a ResolvePermissions answer is reused per user and item, seconds (0 to 300; 0: ask Fabric every time; a revoked permission may be honoured that long). The sandbox sets 0 so permission changes apply at once.' },
  { name: 'ONELAKE_ENDPOINT', required: false, setByInfra: true, defaultValue: 'https://onelake.blob.fabric.microsoft.com', description: 'OneLake blob endpoint where jobs write their output on the user\'s behalf.' },
  { name: 'AzureWebJobsStorage', required: false, secret: true, description: 'Storage connection string (local: Azurite). In Azure use the identity-based AzureWebJobsStorage__* settings instead.' },
  { name: 'AzureWebJobsStorage__tableServiceUri', required: false, setByInfra: true, description: 'Identity-based storage: Table service URI.' },
  { name: 'AzureWebJobsStorage__queueServiceUri', required: false, setByInfra: true, description: 'Identity-based storage: Queue service URI.' },
  { name: 'AzureWebJobsStorage__blobServiceUri', required: false, setByInfra: true, description: 'Identity-based storage: Blob service URI (host storage).' },
  { name: 'AzureWebJobsStorage__credential', required: false, setByInfra: true, description: 'Identity-based storage: managedidentity.' },
  { name: 'AzureWebJobsStorage__clientId', required: false, setByInfra: true, description: 'Identity-based storage: client id of the user-assigned identity.' },
  { name: 'JOBS_QUEUE_NAME', required: false, setByInfra: true, defaultValue: 'fabric-jobs', description: 'Storage queue the job runner is triggered from (its poison queue is <name>-poison).' },
  { name: 'SOFT_DELETE_RETENTION_DAYS', required: false, setByInfra: true, defaultValue: '30', description: 'How long a soft-deleted item stays restorable.' },
  { name: 'PUBLIC_BASE_URL', required: false, setByInfra: true, description: 'Public base URL of this endpoint (with route prefix) answered by endpoint resolution; defaults to https://$WEBSITE_HOSTNAME/api.' },
] as const satisfies readonly SettingSpec[];

export type SettingName = (typeof SETTINGS)[number]['name'];
