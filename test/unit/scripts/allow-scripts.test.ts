/**
 * Every dependency with an install script is reviewed in package.json "allowScripts" (so `npm ci` prints no
 * "install scripts not yet covered by allowScripts" warning), and none is allowed: each install script here only checks
 * or re-fetches a native binary that the lockfile already installs as an optional platform package.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };

/** Package names with install scripts in the lockfile (node_modules/a/node_modules/@s/b → @s/b). */
const withInstallScripts = [
  ...new Set(
    Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)),
  ),
].sort();

describe('package.json allowScripts', () => {
  it('the lockfile has packages with install scripts (the check below has something to check)', () => {
    expect(withInstallScripts.length).toBeGreaterThan(0);
  });

  it('declares every package of the lockfile that has install scripts, and nothing else', () => {
    const declared = Object.keys(pkg.allowScripts ?? {}).map((k) => k.replace(/(.)@.*$/, '$1')).sort();
    expect(declared).toEqual(withInstallScripts);
  });

  it('denies them all: the platform binaries come from optional dependencies, no install script has to run', () => {
    expect(Object.values(pkg.allowScripts ?? {}).every((allowed) => allowed === false)).toBe(true);
  });
});
