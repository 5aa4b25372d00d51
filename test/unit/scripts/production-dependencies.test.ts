/**
 * The production dependency list stays short (docs/security.md, "Dependencies"): every package in package.json
 * "dependencies" is imported by the app's own code (src/), and every package src/ imports is declared there.
 * What only tests, tools or the build use belongs in "devDependencies".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Package names of every static, type-only or dynamic import in src/ (subpaths cut to the package). */
const imported = new Set(
  sourceFiles(join(root, 'src')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\(\s*|import\s+)'([^'.][^']*)'/g)]
      .map((m) => m[1])
      .filter((spec) => !spec.startsWith('node:') && !builtinModules.includes(spec))
      .map((spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/')),
  ),
);

describe('production dependencies', () => {
  it('src/ imports packages (the check below has something to check)', () => {
    expect(imported.size).toBeGreaterThan(3);
  });

  it('are exactly the packages src/ imports', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...imported].sort());
  });
});
