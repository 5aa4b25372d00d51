/**
 * Loads the app's entry modules as the Node.js worker does: package.json "main" (a file such as `dist/main.js`, or a
 * glob such as `dist/src/{index.js,functions/*.js}`), CommonJS through require, ES modules (.mjs or "type": "module") through import().
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expandGlob } from './glob';

export class EntryPointError extends Error {
  override readonly name = 'EntryPointError';
}

export interface PackageInfo {
  readonly main?: string;
  readonly type?: string;
}

export function readPackageInfo(scriptRoot: string): PackageInfo {
  const file = join(scriptRoot, 'package.json');
  if (!existsSync(file)) return {};
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { main?: unknown; type?: unknown };
  return { main: typeof pkg.main === 'string' ? pkg.main : undefined, type: typeof pkg.type === 'string' ? pkg.type : undefined };
}

export function resolveEntryPoints(pattern: string | undefined, scriptRoot: string): string[] {
  if (!pattern) throw new EntryPointError('No entry point: set "main" in package.json (e.g. "dist/src/{index.js,functions/*.js}")');
  const files = expandGlob(pattern, scriptRoot);
  if (files.length === 0) throw new EntryPointError(`Found zero files matching the entry point "${pattern}" (did you run the build?)`);
  return files;
}

export function isEsModule(file: string, pkg: PackageInfo): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  return pkg.type === 'module';
}

export async function loadEntryPoints(files: readonly string[], pkg: PackageInfo): Promise<void> {
  for (const file of files) {
    try {
      if (isEsModule(file, pkg)) await import(pathToFileURL(file).href);
      // The worker loads CommonJS entry points with require (same module cache as the app's own requires).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      else require(file);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      throw new EntryPointError(`Worker was unable to load entry point "${file}": ${e.message}\n${e.stack ?? ''}`);
    }
  }
}
