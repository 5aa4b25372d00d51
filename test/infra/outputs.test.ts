import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledMainTemplate, COMPILE_TIMEOUT_MS, INFRA_DIR, REPO_ROOT, type ArmTemplate } from './support/arm-template';

// Record the HTTP functions src/functions registers, by loading the registration files with a recording `app`.
const mockRegistered: { name: string; route: string }[] = [];
jest.mock('@azure/functions', () => {
  const actual = jest.requireActual('@azure/functions');
  const record = (name: string, options: { route?: string }) => {
    mockRegistered.push({ name, route: options.route ?? name });
  };
  const ignore = () => ({ dispose: () => undefined });
  const app = new Proxy(
    {},
    {
      get: (_target, prop: string) => {
        if (['http', 'get', 'post', 'put', 'patch', 'deleteRequest'].includes(prop)) return record;
        if (prop === 'hook') return new Proxy({}, { get: () => ignore });
        return ignore;
      },
    },
  );
  return { ...actual, app };
});

/** Outputs a developer registers in the workload manifest or calls to check the deployment. */
const REQUIRED_OUTPUTS = [
  'AZURE_LOCATION',
  'AZURE_TENANT_ID',
  'AZURE_RESOURCE_GROUP',
  'AZURE_FUNCTION_NAME',
  'SERVICE_API_NAME',
  'SERVICE_API_URI',
  'AZURE_MANAGED_IDENTITY_CLIENT_ID',
  'AZURE_KEY_VAULT_NAME',
  'AZURE_KEY_VAULT_ENDPOINT',
  'REMOTE_ENDPOINT_BASE_URL',
  'REMOTE_ENDPOINT_HEALTH_URL',
  'REMOTE_ENDPOINT_RESOLUTION_URL',
  'REMOTE_ENDPOINT_ITEM_LIFECYCLE_URL',
  'REMOTE_ENDPOINT_JOBS_URL',
  'REMOTE_ENDPOINT_PERMISSIONS_URL',
  'FEDERATED_CREDENTIAL_ISSUER',
  'FEDERATED_CREDENTIAL_SUBJECT',
  'FEDERATED_CREDENTIAL_AUDIENCE',
];

const mainBicep = readFileSync(join(INFRA_DIR, 'main.bicep'), 'utf8');

/** `var name = '<literal>'` from main.bicep. */
function bicepStringVar(name: string): string {
  const m = new RegExp(`^var ${name} = '([^']*)'$`, 'm').exec(mainBicep);
  if (!m) throw new Error(`main.bicep has no string variable ${name}`);
  return m[1];
}

/** The route templates (below the base URL) each REMOTE_ENDPOINT_* output advertises, alternatives expanded. */
function advertisedRoutes(): Map<string, string[]> {
  const itemPath = bicepStringVar('itemUrl').replace(/^\$\{baseUrl\}\//, '');
  const found = new Map<string, string[]>();
  for (const m of mainBicep.matchAll(/^output (REMOTE_ENDPOINT_\w+) string = (.+)$/gm)) {
    if (m[2] === 'baseUrl') continue;
    const literal = /^'\$\{(baseUrl|itemUrl)\}\/([^']*)'$/.exec(m[2]);
    if (!literal) throw new Error(`${m[1]} must be '\${baseUrl}/...' or '\${itemUrl}/...', is ${m[2]}`);
    const path = literal[1] === 'itemUrl' ? `${itemPath}/${literal[2]}` : literal[2];
    const alternatives = /\{([^{}]*\|[^{}]*)\}/.exec(path);
    found.set(m[1], alternatives ? alternatives[1].split('|').map((a) => path.replace(alternatives[0], a)) : [path]);
  }
  return found;
}

/** Case-insensitive, parameter constraints ({id:guid}, {x?}) dropped: how the Functions host matches routes. */
function normalise(route: string): string {
  return route.toLowerCase().replace(/\{([a-z0-9_]+)(:[^}]*)?\??\}/g, '{$1}');
}

describe('deployment outputs', () => {
  let template: ArmTemplate;

  beforeAll(async () => {
    template = await compiledMainTemplate();
    const dir = join(REPO_ROOT, 'src', 'functions');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(dir, file));
    }
  }, COMPILE_TIMEOUT_MS);

  it('give a developer every value the manifest and the checks need', () => {
    const names = Object.keys(template.outputs ?? {});
    expect(REQUIRED_OUTPUTS.filter((n) => !names.includes(n))).toEqual([]);
    for (const n of names) expect({ n, type: template.outputs![n].type }).toEqual({ n, type: 'string' });
  });

  it('the base URL is the host plus the route prefix of host.json (or the configured public base URL)', () => {
    const host = JSON.parse(readFileSync(join(REPO_ROOT, 'host.json'), 'utf8')) as { extensions: { http: { routePrefix: string } } };
    const prefix = host.extensions.http.routePrefix;
    expect(mainBicep).toMatch(new RegExp(`^var baseUrl = empty\\(publicBaseUrl\\) \\? 'https://\\$\\{api\\.outputs\\.defaultHostName\\}/${prefix}' : publicBaseUrl$`, 'm'));
  });

  it('every advertised endpoint URL is served by an HTTP function registered in src/functions', () => {
    const served = new Set(mockRegistered.map((r) => normalise(r.route)));
    expect(served.size).toBeGreaterThan(0);
    const advertised = advertisedRoutes();
    expect([...advertised.keys()].sort()).toEqual(REQUIRED_OUTPUTS.filter((n) => n.startsWith('REMOTE_ENDPOINT_') && n !== 'REMOTE_ENDPOINT_BASE_URL').sort());
    const unserved = [...advertised].flatMap(([output, routes]) => routes.filter((r) => !served.has(normalise(r))).map((r) => `${output}: ${r}`));
    expect(unserved).toEqual([]);
  });

  it('the federated credential matches what the app requests: the deployment tenant\'s v2.0 issuer and the identity', () => {
    expect(template.outputs?.FEDERATED_CREDENTIAL_ISSUER.value).toBe("[format('{0}{1}/v2.0', variables('authorityHost'), tenant().tenantId)]");
    expect(template.outputs?.FEDERATED_CREDENTIAL_SUBJECT.value).toBe("[reference('identity').outputs.principalId.value]");
    expect(String(template.variables?.federatedCredentialAudience)).toContain("'api://AzureADTokenExchange'");
  });
});
