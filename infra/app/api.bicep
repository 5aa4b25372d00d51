// The function app: Flex Consumption (FC1) plan, Linux site running Node in functionAppConfig, the code package
// in a blob container reached with the user-assigned identity, hardened transport and publishing, and every
// app setting the code reads (src/config/settings.ts; test/infra/settings-drift.test.ts keeps them in step).

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the plan; the site adds azd-service-name.')
param tags object

@description('Name azd knows the service by (azure.yaml services key).')
param serviceName string

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityResourceId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Blob container URL the deployment package is stored in.')
param deploymentContainerUrl string

@description('Node.js major version.')
param nodeVersion string

@description('Maximum number of instances the app scales out to.')
param maximumInstanceCount int

@description('Memory per instance in MB.')
param instanceMemoryMB int

@description('Origins allowed to call the data-plane API from a browser (the workload frontend). Empty: no CORS.')
param corsAllowedOrigins string[]

@description('Storage service endpoints for the identity-based AzureWebJobsStorage connection.')
param storageEndpoints {
  blob: string
  queue: string
  table: string
}

@description('Application Insights connection string (ingestion needs an Entra token: local auth is off).')
param applicationInsightsConnectionString string

@description('Settings read by the app code (names as in src/config/settings.ts).')
param appSettings {
  TENANT_ID: string
  BACKEND_APPID: string
  BACKEND_AUDIENCE: string
  ENTRA_AUTHORITY_HOST: string
  WORKLOAD_NAME: string
  BACKEND_CREDENTIAL_TYPE: string
  KEY_VAULT_URI: string
  BACKEND_CLIENT_SECRET_NAME: string
  BACKEND_CERTIFICATE_NAME: string
  LONG_RUNNING_GRANT_KEY_NAME: string
  PUBLIC_BASE_URL: string
  ONELAKE_ENDPOINT: string
  JOBS_QUEUE_NAME: string
  SOFT_DELETE_RETENTION_DAYS: string
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityResourceId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
  }
}

// Deployments go through Entra ID (azd, az, GitHub OIDC); no FTP or SCM user/password publishing.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// Flex Consumption declares the runtime in functionAppConfig: no FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE or content-share settings here.
resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Host storage, job queue and tables through the user-assigned identity (no connection string, no key).
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: storageEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storageEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storageEndpoints.table
    // Telemetry with Entra authentication (Application Insights local auth is disabled).
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    // The identity the SDKs use (Key Vault, storage, the federated credential in secretless mode).
    AZURE_CLIENT_ID: identityClientId
    TENANT_ID: appSettings.TENANT_ID
    BACKEND_APPID: appSettings.BACKEND_APPID
    BACKEND_AUDIENCE: appSettings.BACKEND_AUDIENCE
    ENTRA_AUTHORITY_HOST: appSettings.ENTRA_AUTHORITY_HOST
    WORKLOAD_NAME: appSettings.WORKLOAD_NAME
    BACKEND_CREDENTIAL_TYPE: appSettings.BACKEND_CREDENTIAL_TYPE
    KEY_VAULT_URI: appSettings.KEY_VAULT_URI
    BACKEND_CLIENT_SECRET_NAME: appSettings.BACKEND_CLIENT_SECRET_NAME
    BACKEND_CERTIFICATE_NAME: appSettings.BACKEND_CERTIFICATE_NAME
    LONG_RUNNING_GRANT_KEY_NAME: appSettings.LONG_RUNNING_GRANT_KEY_NAME
    // Empty: the app answers endpoint resolution with https://$WEBSITE_HOSTNAME/api.
    PUBLIC_BASE_URL: appSettings.PUBLIC_BASE_URL
    ONELAKE_ENDPOINT: appSettings.ONELAKE_ENDPOINT
    JOBS_QUEUE_NAME: appSettings.JOBS_QUEUE_NAME
    SOFT_DELETE_RETENTION_DAYS: appSettings.SOFT_DELETE_RETENTION_DAYS
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
