// fabric-remote-endpoint: the Azure resources behind `azd up`.
// Subscription scope: one resource group holding a Flex Consumption function app, its user-assigned identity,
// identity-only storage, an RBAC Key Vault for the backend credential and the grant key, and Entra-authenticated
// monitoring.
// Resource declarations and local modules only (no registry modules), so it compiles offline.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Azure region for every resource (one that offers the Flex Consumption plan).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the deployer (azd sets AZURE_PRINCIPAL_ID to the signed-in user).')
param principalId string = deployer().objectId

@description('Type of the deployer principal: User for a person, ServicePrincipal for a pipeline.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Grant the deployer write access to the secrets in Key Vault (Key Vault Secrets Officer, plus Certificates Officer in certificate mode) so it can store the backend credential and the grant key. For development environments; leave off in production and let a separate, privileged identity write them.')
param grantDeployerAccess bool = false

@description('Publisher tenant: the tenant of the workload\'s Entra app registration (TENANT_ID).')
@minLength(36)
@maxLength(36)
param tenantId string = tenant().tenantId

@description('Client id of the workload backend Entra app registration (BACKEND_APPID).')
@minLength(36)
@maxLength(36)
param backendAppId string

@description('Audience of v1.0 tokens: the manifest ResourceId, e.g. api://localdevinstance/<tenant>/<workload> (BACKEND_AUDIENCE).')
@minLength(1)
param backendAudience string

@description('Workload name, Org.<Name> (WORKLOAD_NAME).')
@minLength(5)
param workloadName string = 'Org.FabricRemoteEndpoint'

@description('How the backend app authenticates to Entra ID: a client secret or certificate in Key Vault, or secretless with the managed identity as a federated credential of the Entra app (BACKEND_CREDENTIAL_TYPE).')
@allowed([
  'KeyVaultSecret'
  'KeyVaultCertificate'
  'ManagedIdentityFic'
])
param backendCredentialType string = 'KeyVaultSecret'

@description('Name of the Key Vault secret holding the backend client secret (BACKEND_CLIENT_SECRET_NAME).')
@minLength(1)
@maxLength(127)
param backendClientSecretName string = 'backend-client-secret'

@description('Name of the Key Vault certificate holding the backend credential, used in KeyVaultCertificate mode (BACKEND_CERTIFICATE_NAME).')
@minLength(1)
@maxLength(127)
param backendCertificateName string = 'backend-certificate'

@description('Name of the Key Vault secret (base64 of 32 random bytes) sealing long-running OBO grants (LONG_RUNNING_GRANT_KEY_NAME).')
@minLength(1)
@maxLength(127)
param longRunningGrantKeyName string = 'long-running-grant-key'

@description('OneLake blob endpoint jobs write their output to (ONELAKE_ENDPOINT).')
param oneLakeEndpoint string = 'https://onelake.blob.fabric.microsoft.com'

@description('Storage queue the job runner is triggered from (JOBS_QUEUE_NAME); 56 characters at most so that <name>-poison is a valid queue name.')
@minLength(3)
@maxLength(56)
param jobsQueueName string = 'fabric-jobs'

@description('Days a soft-deleted item stays restorable (SOFT_DELETE_RETENTION_DAYS).')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 30

@description('Node.js major version of the function app: 22 LTS (default: the version CI tests and benchmarks) or 24 LTS.')
@allowed([
  '22'
  '24'
])
param nodeVersion string = '22'

@description('Maximum number of instances the app scales out to (Flex Consumption: 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Public base URL of the endpoint with the route prefix and no trailing slash, e.g. https://be.contoso.com/api once a custom domain is bound to the app (Fabric requires a verified domain when publishing). Empty: https://<default host name>/api (PUBLIC_BASE_URL).')
param publicBaseUrl string = ''

@description('Browser origins allowed to call the data-plane API (the workload frontend). Empty: CORS closed.')
param corsAllowedOrigins string[] = []

@description('Key Vault purge protection. On by default; turn off only for throwaway environments you want `azd down --purge` to remove completely (it cannot be turned off once on).')
param keyVaultPurgeProtection bool = true

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var serviceName = 'api'
var functionAppName = '${abbrs.webSitesFunctions}${serviceName}-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'
// e.g. https://login.microsoftonline.com/ (the app strips the trailing slash); sovereign clouds get their own.
var authorityHost = environment().authentication.loginEndpoint
// Resource names are computed here, from parameters only, so role assignments and What-If see stable identifiers.
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}${serviceName}-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    jobsQueueName: jobsQueueName
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

// Always deployed: it holds the long-running grant key in every mode, and the backend secret or certificate
// unless the secretless mode is used.
module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    identityName: identityName
    deployerPrincipalId: grantDeployerAccess ? principalId : ''
    deployerPrincipalType: principalType
    deployerCertificateAccess: backendCredentialType == 'KeyVaultCertificate'
  }
  // Names are passed, not outputs, so the resources these roles are assigned on must be deployed first.
  dependsOn: [
    identity
    storage
    monitoring
    keyVault
  ]
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: serviceName
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    nodeVersion: nodeVersion
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    corsAllowedOrigins: corsAllowedOrigins
    storageEndpoints: {
      blob: storage.outputs.blobEndpoint
      queue: storage.outputs.queueEndpoint
      table: storage.outputs.tableEndpoint
    }
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    appSettings: {
      TENANT_ID: tenantId
      BACKEND_APPID: backendAppId
      BACKEND_AUDIENCE: backendAudience
      ENTRA_AUTHORITY_HOST: authorityHost
      WORKLOAD_NAME: workloadName
      BACKEND_CREDENTIAL_TYPE: backendCredentialType
      KEY_VAULT_URI: keyVault.outputs.uri
      BACKEND_CLIENT_SECRET_NAME: backendClientSecretName
      BACKEND_CERTIFICATE_NAME: backendCredentialType == 'KeyVaultCertificate' ? backendCertificateName : ''
      LONG_RUNNING_GRANT_KEY_NAME: longRunningGrantKeyName
      PUBLIC_BASE_URL: publicBaseUrl
      ONELAKE_ENDPOINT: oneLakeEndpoint
      JOBS_QUEUE_NAME: storage.outputs.jobsQueueName
      SOFT_DELETE_RETENTION_DAYS: string(softDeleteRetentionDays)
    }
  }
  // The identity must hold its storage roles before the host starts against identity-only storage.
  dependsOn: [
    rbac
  ]
}

// The token-exchange audience differs in the sovereign clouds (the app asks for the same one: src/tokens/authority.ts).
var federatedCredentialAudience = environment().name == 'AzureChinaCloud'
  ? 'api://AzureADTokenExchangeChina'
  : environment().name == 'AzureUSGovernment' ? 'api://AzureADTokenExchangeUSGov' : 'api://AzureADTokenExchange'
var baseUrl = empty(publicBaseUrl) ? 'https://${api.outputs.defaultHostName}/api' : publicBaseUrl
var itemUrl = '${baseUrl}/workspaces/{workspaceId}/items/{itemType}/{itemId}'

// azd writes every output to the environment (`azd env get-values`). None of them is a secret.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = 'https://${api.outputs.defaultHostName}'
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
output BACKEND_CREDENTIAL_TYPE string = backendCredentialType

// Workload manifest: <ServiceEndpoint><Url> is the base URL; Fabric appends the routes below to it.
output REMOTE_ENDPOINT_BASE_URL string = baseUrl
output REMOTE_ENDPOINT_HEALTH_URL string = '${baseUrl}/health'
output REMOTE_ENDPOINT_RESOLUTION_URL string = '${baseUrl}/resolve-endpoint'
output REMOTE_ENDPOINT_ITEM_LIFECYCLE_URL string = '${itemUrl}/{OnCreateItem|OnUpdateItem|OnDeleteItem|OnRestoreItem}'
output REMOTE_ENDPOINT_JOBS_URL string = '${itemUrl}/jobs/{onCreateJobInstance|onGetJobInstanceStatus|onCancelJobInstance}'
output REMOTE_ENDPOINT_PERMISSIONS_URL string = '${baseUrl}/workspaces/{workspaceId}/items/{itemId}/permissions'

// Secretless mode (ManagedIdentityFic): the federated credential to add to the workload's Entra app.
output FEDERATED_CREDENTIAL_ISSUER string = '${authorityHost}${tenant().tenantId}/v2.0'
output FEDERATED_CREDENTIAL_SUBJECT string = identity.outputs.principalId
output FEDERATED_CREDENTIAL_AUDIENCE string = federatedCredentialAudience
