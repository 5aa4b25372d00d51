import { loadConfig } from '../../src/config/config';
import { SETTINGS, type SettingSpec } from '../../src/config/settings';
import { readmeSettingRows } from '../support/readme-settings';
import { appSettingsOf, compiledMainTemplate, COMPILE_TIMEOUT_MS, type ArmTemplate } from './support/arm-template';

/** App settings Bicep may set that the code does not read: they configure the Functions host itself. */
const PLATFORM_SETTINGS = ['APPLICATIONINSIGHTS_CONNECTION_STRING', 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'];

/** Main template parameter that carries each infra-set setting with a default, so both defaults must agree. */
const PARAMETER_FOR_SETTING: Record<string, string> = {
  WORKLOAD_NAME: 'workloadName',
  BACKEND_CLIENT_SECRET_NAME: 'backendClientSecretName',
  LONG_RUNNING_GRANT_KEY_NAME: 'longRunningGrantKeyName',
  ONELAKE_ENDPOINT: 'oneLakeEndpoint',
  JOBS_QUEUE_NAME: 'jobsQueueName',
  SOFT_DELETE_RETENTION_DAYS: 'softDeleteRetentionDays',
};
/** Infra-set settings with a default whose Azure value comes from the deployment itself, not a parameter. */
const DERIVED_IN_BICEP = ['ENTRA_AUTHORITY_HOST'];

const specs: readonly SettingSpec[] = SETTINGS;

describe('settings drift between src/config/settings.ts and the Bicep', () => {
  let template: ArmTemplate;
  let names: string[];
  let settings: Record<string, unknown>;

  beforeAll(async () => {
    template = await compiledMainTemplate();
    settings = appSettingsOf(template).settings;
    names = Object.keys(settings);
  }, COMPILE_TIMEOUT_MS);

  it('Bicep sets every setting SETTINGS marks setByInfra', () => {
    const missing = specs.filter((s) => s.setByInfra).map((s) => s.name).filter((n) => !names.includes(n));
    expect(missing).toEqual([]);
  });

  it('every app setting Bicep sets is marked setByInfra in SETTINGS, or is a known platform setting', () => {
    const marked = new Set<string>([...specs.filter((s) => s.setByInfra).map((s) => s.name), ...PLATFORM_SETTINGS]);
    expect(names.filter((n) => !marked.has(n))).toEqual([]);
  });

  it('README\'s settings table says "Set by infra" for exactly the settings Bicep sets, both ways', () => {
    const marked = readmeSettingRows().filter((r) => r.setByInfra).map((r) => r.name);
    const set = names.filter((n) => !PLATFORM_SETTINGS.includes(n));
    expect({ setButNotMarked: set.filter((n) => !marked.includes(n)), markedButNotSet: marked.filter((n) => !set.includes(n)) }).toEqual({ setButNotMarked: [], markedButNotSet: [] });
  });

  it('Bicep sets no secret setting (secrets stay in Key Vault or are not needed at all)', () => {
    const secretNames = specs.filter((s) => s.secret).map((s) => s.name);
    expect(secretNames.length).toBeGreaterThan(0);
    expect(names.filter((n) => secretNames.includes(n))).toEqual([]);
  });

  it('parameter defaults equal the code defaults', () => {
    const withDefault = specs.filter((s) => s.setByInfra && s.defaultValue !== undefined);
    const unmapped = withDefault.map((s) => s.name).filter((n) => !(n in PARAMETER_FOR_SETTING) && !DERIVED_IN_BICEP.includes(n));
    expect(unmapped).toEqual([]);
    for (const s of withDefault.filter((x) => x.name in PARAMETER_FOR_SETTING)) {
      const parameter = template.parameters?.[PARAMETER_FOR_SETTING[s.name]];
      expect({ setting: s.name, default: String(parameter?.defaultValue) }).toEqual({ setting: s.name, default: s.defaultValue });
    }
  });

  it('ENTRA_AUTHORITY_HOST comes from the cloud the deployment runs in, not a literal', () => {
    expect(template.variables?.authorityHost).toBe('[environment().authentication.loginEndpoint]');
  });

  it('the values an Azure deployment produces pass the app\'s own validation, in every credential mode', () => {
    const tenant = '0b1c2d3e-4f50-4a6b-8c7d-8e9fa0b1c2d3';
    const identityClientId = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
    const param = (name: string): string => String(template.parameters?.[name]?.defaultValue);
    // What ARM resolves each app setting to (resource endpoints end with '/', as ARM returns them).
    const resolved = (mode: string): Record<string, string> => ({
      AzureWebJobsStorage__credential: String(settings.AzureWebJobsStorage__credential),
      AzureWebJobsStorage__clientId: identityClientId,
      AzureWebJobsStorage__blobServiceUri: 'https://stexample.blob.core.windows.net/',
      AzureWebJobsStorage__queueServiceUri: 'https://stexample.queue.core.windows.net/',
      AzureWebJobsStorage__tableServiceUri: 'https://stexample.table.core.windows.net/',
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.in.applicationinsights.azure.com/',
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${identityClientId};Authorization=AAD`,
      AZURE_CLIENT_ID: identityClientId,
      TENANT_ID: tenant,
      BACKEND_APPID: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      BACKEND_AUDIENCE: `api://localdevinstance/${tenant}/${param('workloadName')}`,
      ENTRA_AUTHORITY_HOST: 'https://login.microsoftonline.com/', // environment().authentication.loginEndpoint
      WORKLOAD_NAME: param('workloadName'),
      BACKEND_CREDENTIAL_TYPE: mode,
      KEY_VAULT_URI: 'https://kv-example.vault.azure.net/',
      BACKEND_CLIENT_SECRET_NAME: param('backendClientSecretName'),
      BACKEND_CERTIFICATE_NAME: mode === 'KeyVaultCertificate' ? param('backendCertificateName') : '',
      LONG_RUNNING_GRANT_KEY_NAME: param('longRunningGrantKeyName'),
      ONELAKE_ENDPOINT: param('oneLakeEndpoint'),
      JOBS_QUEUE_NAME: param('jobsQueueName'),
      SOFT_DELETE_RETENTION_DAYS: param('softDeleteRetentionDays'),
      PUBLIC_BASE_URL: '', // default: derived from WEBSITE_HOSTNAME by the app
    });
    const modes = template.parameters?.backendCredentialType?.allowedValues as string[];
    expect(modes).toEqual(['KeyVaultSecret', 'KeyVaultCertificate', 'ManagedIdentityFic']);
    for (const mode of modes) {
      const env = resolved(mode);
      // The sample above must cover exactly the settings the Bicep sets.
      expect(Object.keys(env).sort()).toEqual([...names].sort());
      const config = loadConfig({ ...env, WEBSITE_HOSTNAME: 'func-api-example.azurewebsites.net' });
      expect(config.credential.type).toBe(mode);
      expect(config.isDevelopment).toBe(false);
      expect(config.authorityHost).toBe('https://login.microsoftonline.com');
      expect(config.storage.clientId).toBe(identityClientId);
      expect(config.publicBaseUrl).toBe('https://func-api-example.azurewebsites.net/api');
    }
  });

  it('the identity settings point at the user-assigned identity', () => {
    expect(settings.AzureWebJobsStorage__credential).toBe('managedidentity');
    expect(settings.AzureWebJobsStorage__clientId).toBe("[parameters('identityClientId')]");
    expect(settings.AZURE_CLIENT_ID).toBe("[parameters('identityClientId')]");
    expect(settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING).toBe("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]");
  });
});
