/**
 * The compiled ARM template of infra/main.bicep, for tests that assert what the Bicep really produces.
 * `compiledMainTemplate()` reuses .cache/infra/main.json (written by scripts/infra-check.sh or by an earlier run)
 * when it is newer than every file under infra/, and otherwise compiles it with scripts/bicep.sh (which finds or
 * restores the Bicep CLI; the first run on a fresh clone downloads it, hence the long timeout).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const INFRA_DIR = join(REPO_ROOT, 'infra');
export const COMPILED_MAIN = join(REPO_ROOT, '.cache', 'infra', 'main.json');
/** Per-hook timeout for the first compile (CLI restore from NuGet + build). */
export const COMPILE_TIMEOUT_MS = 10 * 60 * 1000;

export interface ArmParameter {
  readonly type: string;
  readonly defaultValue?: unknown;
  readonly allowedValues?: readonly unknown[];
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export interface ArmResource {
  readonly type: string;
  readonly name: string;
  readonly condition?: unknown;
  readonly scope?: string;
  readonly kind?: string;
  readonly tags?: unknown;
  readonly sku?: Record<string, unknown>;
  readonly identity?: Record<string, unknown>;
  readonly properties?: Record<string, unknown>;
  readonly copy?: unknown;
}

export interface ArmTemplate {
  readonly parameters?: Record<string, ArmParameter>;
  readonly variables?: Record<string, unknown>;
  readonly resources: readonly ArmResource[] | Readonly<Record<string, ArmResource>>;
  readonly outputs?: Record<string, { readonly type: string; readonly value: unknown }>;
}

/** A resource together with the (nested) template that declares it. */
export interface LocatedResource {
  readonly resource: ArmResource;
  readonly template: ArmTemplate;
  /** 'main', or the name of the module deployment that holds it. */
  readonly deployment: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  return existsSync(COMPILED_MAIN) && statSync(COMPILED_MAIN).mtimeMs >= newestMtime(INFRA_DIR);
}

/** Compiles infra/main.bicep unless the cached template is current, then parses it. */
export async function compiledMainTemplate(): Promise<ArmTemplate> {
  if (!isFresh()) {
    mkdirSync(join(REPO_ROOT, '.cache', 'infra'), { recursive: true });
    // Unique temporary file + rename: parallel test files may compile at the same time.
    const tmp = `${COMPILED_MAIN}.${process.pid}.${Date.now()}.tmp`;
    try {
      await promisify(execFile)('bash', [join(REPO_ROOT, 'scripts', 'bicep.sh'), 'build', join(INFRA_DIR, 'main.bicep'), '--outfile', tmp], {
        cwd: REPO_ROOT,
        timeout: COMPILE_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string; message: string };
      throw new Error(`compiling infra/main.bicep failed: ${err.stderr || err.stdout || err.message}`, { cause: e });
    }
    renameSync(tmp, COMPILED_MAIN);
  }
  return JSON.parse(readFileSync(COMPILED_MAIN, 'utf8')) as ArmTemplate;
}

function resourceList(template: ArmTemplate): readonly ArmResource[] {
  return Array.isArray(template.resources) ? (template.resources as readonly ArmResource[]) : Object.values(template.resources);
}

/** Every resource in the template and in the templates of its module deployments, depth first. */
export function allResources(template: ArmTemplate, deployment = 'main'): LocatedResource[] {
  const found: LocatedResource[] = [];
  for (const resource of resourceList(template)) {
    found.push({ resource, template, deployment });
    const nested = resource.type === 'Microsoft.Resources/deployments' ? (resource.properties?.template as ArmTemplate | undefined) : undefined;
    if (nested) found.push(...allResources(nested, resource.name));
  }
  return found;
}

export function resourcesOfType(template: ArmTemplate, type: string): LocatedResource[] {
  return allResources(template).filter((r) => r.resource.type.toLowerCase() === type.toLowerCase());
}

/** The single resource of a type; fails the test when there is none or more than one. */
export function onlyResourceOfType(template: ArmTemplate, type: string): LocatedResource {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type} in the compiled template, found ${found.length}`);
  return found[0];
}

/** True when the ARM name expression ends with the literal child name, e.g. format('{0}/{1}', ..., 'ftp'). */
export function childNamed(resource: ArmResource, child: string): boolean {
  return resource.name === child || resource.name.endsWith(`/${child}`) || resource.name.endsWith(`'${child}')]`);
}

/** The Functions app settings: the properties of the site's `appsettings` config resource. */
export function appSettingsOf(template: ArmTemplate): { readonly settings: Record<string, unknown>; readonly located: LocatedResource } {
  const configs = resourcesOfType(template, 'Microsoft.Web/sites/config').filter((r) => childNamed(r.resource, 'appsettings'));
  if (configs.length !== 1) throw new Error(`expected one Microsoft.Web/sites/config 'appsettings' resource, found ${configs.length}`);
  const properties = configs[0].resource.properties;
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
    throw new Error('the appsettings properties must be an object literal (not an expression) so their names can be checked');
  }
  return { settings: properties, located: configs[0] };
}

/** Resolves "[variables('x')]" against a template's variables; any other value is returned as is. */
export function resolveVariable(template: ArmTemplate, value: unknown): unknown {
  const m = typeof value === 'string' ? /^\[variables\('([A-Za-z0-9_]+)'\)\]$/.exec(value) : null;
  return m ? template.variables?.[m[1]] : value;
}
