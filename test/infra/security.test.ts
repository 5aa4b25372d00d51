import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  allResources,
  appSettingsOf,
  childNamed,
  compiledMainTemplate,
  COMPILE_TIMEOUT_MS,
  INFRA_DIR,
  onlyResourceOfType,
  resolveVariable,
  resourcesOfType,
  type ArmTemplate,
} from './support/arm-template';

/** Settings that must not exist on Flex Consumption (the runtime lives in functionAppConfig). */
const FLEX_FORBIDDEN_SETTINGS = [
  'FUNCTIONS_WORKER_RUNTIME',
  'FUNCTIONS_EXTENSION_VERSION',
  'WEBSITE_RUN_FROM_PACKAGE',
  'WEBSITE_CONTENTSHARE',
  'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'ENABLE_ORYX_BUILD',
  'WEBSITE_NODE_DEFAULT_VERSION',
  'AzureWebJobsStorage',
];

const ROLE = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
};

function bicepSources(dir = INFRA_DIR): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return bicepSources(p);
    return e.name.endsWith('.bicep') ? [{ file: relative(INFRA_DIR, p), text: readFileSync(p, 'utf8') }] : [];
  });
}

describe('security defaults in the compiled ARM template', () => {
  let template: ArmTemplate;
  let json: string;

  beforeAll(async () => {
    template = await compiledMainTemplate();
    json = JSON.stringify(template);
  }, COMPILE_TIMEOUT_MS);

  describe('function app', () => {
    it('is HTTPS only with TLS 1.2 minimum (site and SCM) and FTPS disabled', () => {
      const site = onlyResourceOfType(template, 'Microsoft.Web/sites').resource;
      expect(site.kind).toBe('functionapp,linux');
      expect(site.properties?.httpsOnly).toBe(true);
      expect(site.properties?.siteConfig).toMatchObject({ minTlsVersion: '1.2', scmMinTlsVersion: '1.2', ftpsState: 'Disabled' });
    });

    it('disables basic (user/password) publishing credentials for both ftp and scm', () => {
      const policies = resourcesOfType(template, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies').map((r) => r.resource);
      for (const channel of ['ftp', 'scm']) {
        const policy = policies.filter((p) => childNamed(p, channel));
        expect({ channel, count: policy.length }).toEqual({ channel, count: 1 });
        expect(policy[0].condition).toBeUndefined();
        expect(policy[0].properties).toEqual({ allow: false });
      }
    });

    it('runs Node on Flex Consumption, declared in functionAppConfig, with a user-assigned identity', () => {
      const plan = onlyResourceOfType(template, 'Microsoft.Web/serverfarms').resource;
      expect(plan.sku).toMatchObject({ name: 'FC1', tier: 'FlexConsumption' });
      expect(plan.properties?.reserved).toBe(true);
      const site = onlyResourceOfType(template, 'Microsoft.Web/sites').resource;
      const config = site.properties?.functionAppConfig as Record<string, Record<string, unknown>>;
      expect(config.runtime.name).toBe('node');
      expect(site.identity?.type).toBe('UserAssigned');
      expect(config.deployment.storage).toMatchObject({
        type: 'blobContainer',
        authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: "[parameters('identityResourceId')]" },
      });
    });

    it('keeps Flex limits in range: 40-1000 instances, 512/2048/4096 MB, Node 22 (default) or 24', () => {
      expect(template.parameters?.maximumInstanceCount).toMatchObject({ minValue: 40, maxValue: 1000 });
      expect(template.parameters?.instanceMemoryMB?.allowedValues).toEqual([512, 2048, 4096]);
      expect(template.parameters?.nodeVersion?.allowedValues).toEqual(['22', '24']);
    });

    it('sets no FUNCTIONS_WORKER_RUNTIME or other setting Flex rejects, and no storage connection string', () => {
      const names = Object.keys(appSettingsOf(template).settings);
      expect(names.filter((n) => FLEX_FORBIDDEN_SETTINGS.includes(n))).toEqual([]);
      expect(json).not.toContain('FUNCTIONS_WORKER_RUNTIME');
    });

    it('closes CORS unless origins are given', () => {
      expect(template.parameters?.corsAllowedOrigins?.defaultValue).toEqual([]);
      const site = onlyResourceOfType(template, 'Microsoft.Web/sites').resource;
      expect((site.properties?.siteConfig as Record<string, unknown>).cors).toEqual({
        allowedOrigins: "[parameters('corsAllowedOrigins')]",
        supportCredentials: false,
      });
    });

    it('carries the azd service tag matching azure.yaml', () => {
      const located = onlyResourceOfType(template, 'Microsoft.Web/sites');
      expect(located.resource.tags).toBe("[union(parameters('tags'), createObject('azd-service-name', parameters('serviceName')))]");
      const apiModule = allResources(template).find((r) => r.resource.type === 'Microsoft.Resources/deployments' && r.resource.name === located.deployment);
      const serviceName = (apiModule?.resource.properties?.parameters as Record<string, { value: unknown }>).serviceName.value;
      expect(resolveVariable(template, serviceName)).toBe('api');
      const rg = onlyResourceOfType(template, 'Microsoft.Resources/resourceGroups').resource;
      expect(rg.tags).toBe("[variables('tags')]");
      expect(template.variables?.tags).toEqual({ 'azd-env-name': "[parameters('environmentName')]" });
    });
  });

  describe('storage', () => {
    it('disables shared keys and public blob access and requires TLS 1.2 over HTTPS', () => {
      const account = onlyResourceOfType(template, 'Microsoft.Storage/storageAccounts').resource;
      expect(account.properties).toMatchObject({
        allowSharedKeyAccess: false,
        allowBlobPublicAccess: false,
        minimumTlsVersion: 'TLS1_2',
        supportsHttpsTrafficOnly: true,
        defaultToOAuthAuthentication: true,
      });
    });

    it('keeps every container private', () => {
      const containers = resourcesOfType(template, 'Microsoft.Storage/storageAccounts/blobServices/containers');
      expect(containers.length).toBeGreaterThan(0);
      for (const c of containers) expect(c.resource.properties?.publicAccess).toBe('None');
    });

    it('is reached only through identity-based settings', () => {
      const { settings } = appSettingsOf(template);
      expect(settings).toMatchObject({
        AzureWebJobsStorage__credential: 'managedidentity',
        AzureWebJobsStorage__blobServiceUri: expect.any(String),
        AzureWebJobsStorage__queueServiceUri: expect.any(String),
        AzureWebJobsStorage__tableServiceUri: expect.any(String),
      });
    });
  });

  describe('no keys anywhere', () => {
    it('uses no listKeys/list* functions, account keys or connection-string secrets', () => {
      expect(json).not.toMatch(/\blist[A-Z]?\w*\(/);
      expect(json).not.toMatch(/AccountKey/i);
      expect(json).not.toMatch(/SharedAccessSignature|InstrumentationKey=/i);
    });

    it('uses no registry modules (compiles offline) and no deployment scripts', () => {
      for (const { file, text } of bicepSources()) {
        expect({ file, registry: /^\s*(module|import|extension)\s.*'(br|ts)[:/]/m.test(text) }).toEqual({ file, registry: false });
      }
      expect(resourcesOfType(template, 'Microsoft.Resources/deploymentScripts')).toEqual([]);
    });

    it('outputs no secure values', () => {
      for (const [name, output] of Object.entries(template.outputs ?? {})) {
        expect({ name, type: output.type.toLowerCase() }).not.toEqual({ name, type: 'securestring' });
        expect({ name, type: output.type.toLowerCase() }).not.toEqual({ name, type: 'secureobject' });
      }
    });
  });

  describe('Key Vault', () => {
    it('uses RBAC authorization, no access policies, soft delete and purge protection by default', () => {
      const vault = onlyResourceOfType(template, 'Microsoft.KeyVault/vaults').resource;
      expect(vault.properties?.enableRbacAuthorization).toBe(true);
      expect(vault.properties).not.toHaveProperty('accessPolicies');
      expect(vault.properties?.enableSoftDelete).toBe(true);
      expect(template.parameters?.keyVaultPurgeProtection?.defaultValue).toBe(true);
      expect(json).not.toContain('accessPolicies');
    });

    it('stores no secret value in the template', () => {
      expect(resourcesOfType(template, 'Microsoft.KeyVault/vaults/secrets')).toEqual([]);
    });
  });

  describe('monitoring', () => {
    it('Application Insights and Log Analytics have local authentication disabled', () => {
      expect(onlyResourceOfType(template, 'Microsoft.Insights/components').resource.properties?.DisableLocalAuth).toBe(true);
      const workspace = onlyResourceOfType(template, 'Microsoft.OperationalInsights/workspaces').resource;
      expect((workspace.properties?.features as Record<string, unknown>).disableLocalAuth).toBe(true);
    });
  });

  describe('role assignments', () => {
    const assignments = () => resourcesOfType(template, 'Microsoft.Authorization/roleAssignments').map((r) => r.resource);

    it('have deterministic guid(scope, principal, role) names, an explicit principalType and resource scope', () => {
      expect(assignments().length).toBeGreaterThanOrEqual(4);
      for (const a of assignments()) {
        // Scope: one resource (storage account, Application Insights or vault), never the group or subscription.
        expect(a.scope).toMatch(/^\[resourceId\('Microsoft\.(Storage\/storageAccounts|Insights\/components|KeyVault\/vaults)', parameters\('\w+'\)\)\]$/);
        const scope = a.scope!.slice(1, -1);
        expect(a.name.startsWith(`[guid(${scope}, `)).toBe(true);
        expect(a.name).not.toMatch(/newGuid|utcNow/);
        expect(a.properties?.principalType).toEqual(expect.any(String));
        expect(a.properties?.roleDefinitionId).toMatch(/^\[subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', /);
      }
    });

    it('give the identity exactly the data roles it needs', () => {
      const template_ = resourcesOfType(template, 'Microsoft.Authorization/roleAssignments')[0].template;
      const text = JSON.stringify(template_);
      for (const id of Object.values(ROLE)) expect(text).toContain(id);
      // No broad roles: Owner, Contributor, User Access Administrator, Storage Account Contributor.
      for (const broad of ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'b24988ac-6180-42a0-ab88-20f7382dd24c', '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', '17d1049b-9a84-46fb-8f53-869881c3d3ab']) {
        expect(json).not.toContain(broad);
      }
    });

    it('grant the deployer nothing unless grantDeployerAccess is set', () => {
      expect(template.parameters?.grantDeployerAccess?.defaultValue).toBe(false);
      const rbacModule = allResources(template).find((r) => r.resource.type === 'Microsoft.Resources/deployments' && r.resource.name === 'rbac');
      const params = rbacModule?.resource.properties?.parameters as Record<string, unknown>;
      expect(params.deployerPrincipalId).toBe("[if(parameters('grantDeployerAccess'), createObject('value', parameters('principalId')), createObject('value', ''))]");
      const deployer = resourcesOfType(template, 'Microsoft.Authorization/roleAssignments').filter((r) => r.resource.properties?.principalId === "[parameters('deployerPrincipalId')]");
      expect(deployer.length).toBe(1);
      // One assignment per role in deployerRoles, which is empty when no deployer principal is passed.
      expect(deployer[0].resource.copy).toMatchObject({ count: "[length(variables('deployerRoles'))]" });
      expect(String(deployer[0].template.variables?.deployerRoles)).toMatch(/^\[if\(empty\(parameters\('deployerPrincipalId'\)\), createArray\(\), /);
      // Only Key Vault write roles on the one vault: Secrets Officer, plus Certificates Officer in certificate mode.
      expect(String(deployer[0].template.variables?.deployerRoles)).not.toMatch(/storage|monitoring/i);
    });
  });
});
