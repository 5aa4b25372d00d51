import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './support/arm-template';

// The published azd schema, kept beside the repository (../shared in CI as well).
const SCHEMA_PATH = join(__dirname, '../../../shared/specs/azure.yaml.schema.json');

interface AzureYaml {
  name: string;
  infra?: { provider?: string; path?: string; module?: string };
  services: Record<string, { project?: string; language?: string; host?: string; remoteBuild?: boolean }>;
  hooks?: Record<string, Record<'posix' | 'windows', { shell?: string; run?: string; continueOnError?: boolean }>>;
}

const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
const azureYaml = load(readFileSync(join(REPO_ROOT, 'azure.yaml'), 'utf8')) as AzureYaml;

/** Remote $refs of the schema (only the azure.ai.* extension hosts use them; they cannot be fetched offline). */
function remoteRefs(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => remoteRefs(n, found));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && /^https?:/.test(v)) found.add(v.split('#')[0]);
      else remoteRefs(v, found);
    }
  }
  return found;
}

const externalRefs = remoteRefs(schema);

function funcignoreEntries(): string[] {
  return readFileSync(join(REPO_ROOT, '.funcignore'), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function compileValidator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  // Stand-ins for the extension schemas: they only apply to services whose host is an azure.ai.* extension,
  // which this project never uses (asserted below), so accepting anything there does not weaken the check.
  for (const ref of externalRefs) ajv.addSchema({ $id: ref });
  return ajv.compile(schema);
}

describe('azure.yaml', () => {
  const validate = compileValidator();

  it('validates against the azd schema', () => {
    const ok = validate(azureYaml);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('does not depend on the schema parts that were stubbed (extension hosts)', () => {
    expect(externalRefs.size).toBeGreaterThan(0);
    for (const service of Object.values(azureYaml.services)) expect(service.host).not.toMatch(/^(azure\.ai\.|microsoft\.foundry)/);
  });

  it('the validator rejects a broken file (so the check above is real)', () => {
    expect(validate({ ...azureYaml, name: 'Not Valid!' })).toBe(false);
    expect(validate({ ...azureYaml, services: { api: { ...azureYaml.services.api, host: 'mainframe' } } })).toBe(false);
    expect(validate({ ...azureYaml, services: { api: { ...azureYaml.services.api, remoteBuild: 'yes' } } })).toBe(false);
    expect(validate({ ...azureYaml, hooks: { postprovision: { ...azureYaml.hooks!.postprovision, run: 'x.sh' } } })).toBe(false);
    expect(validate({ ...azureYaml, hooks: { postprovison: azureYaml.hooks!.postprovision } })).toBe(false);
  });

  it('postprovision hook: sh on Linux/macOS and pwsh on Windows, scripts present, a failure never stops the deployment', () => {
    expect(Object.keys(azureYaml.hooks ?? {})).toEqual(['postprovision']);
    const hook = azureYaml.hooks!.postprovision;
    expect(hook.posix).toEqual({ shell: 'sh', run: 'infra/hooks/postprovision.sh', continueOnError: true });
    expect(hook.windows).toEqual({ shell: 'pwsh', run: 'infra/hooks/postprovision.ps1', continueOnError: true });
    for (const h of [hook.posix, hook.windows]) expect(existsSync(join(REPO_ROOT, h.run!))).toBe(true);
  });

  it('the hook scripts are left out of the deployed package (.funcignore excludes infra/)', () => {
    const ignored = funcignoreEntries();
    for (const h of Object.values(azureYaml.hooks!.postprovision)) expect(h.run!.split('/')[0]).toBe('infra');
    expect(ignored).toContain('infra');
  });

  it('declares one TypeScript function service named api, provisioned from infra/main.bicep', () => {
    expect(Object.keys(azureYaml.services)).toEqual(['api']);
    expect(azureYaml.services.api).toMatchObject({ project: '.', language: 'ts', host: 'function' });
    expect(azureYaml.infra ?? {}).toMatchObject({ provider: 'bicep', path: 'infra', module: 'main' });
  });

  it('remote build: the package keeps the TypeScript sources (src; npm run build compiles and bundles them) and tsconfig.json and leaves node_modules out', () => {
    expect(azureYaml.services.api.remoteBuild).toBe(true);
    const ignored = funcignoreEntries();
    expect(ignored).toContain('node_modules');
    for (const needed of ['*.ts', 'src', 'tsconfig.json', 'package.json', 'package-lock.json', 'host.json']) expect(ignored).not.toContain(needed);
  });
});
