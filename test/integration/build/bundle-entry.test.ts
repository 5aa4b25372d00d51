/**
 * The entry bundle (dist/main.js, package.json "main"): it holds exactly the app's entry graph, leaves every package
 * and every lazy import outside, and registers the same functions, in the same order, as tsc's separate modules.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BundleError, bundleEntry, entryModules } from '../../../build/bundle-entry';
import { loadInFreshProcess } from '../../../bench/cold-start';
import { REPO_ROOT } from '../../../devtools/host/child-process';

const scratch = mkdtempSync(join(tmpdir(), 'bundle-entry-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('bundling the real app', () => {
  const outFile = join(REPO_ROOT, 'dist', 'main.test-bundle.js');
  afterAll(() => {
    rmSync(outFile, { force: true });
    rmSync(`${outFile}.map`, { force: true });
  });

  it('holds the entry graph only: src/index.ts, the registration files and what they import, no package', async () => {
    const result = await bundleEntry({ root: REPO_ROOT, outFile });
    const registrations = readdirSync(join(REPO_ROOT, 'src', 'functions')).filter((f) => f.endsWith('.ts')).map((f) => `src/functions/${f}`);
    expect(result.inputs).toEqual(expect.arrayContaining(['src/index.ts', ...registrations]));
    expect(result.inputs.filter((f) => f.includes('node_modules'))).toEqual([]);
    // Handlers are not in the bundle: they load on first invocation.
    expect(result.inputs.filter((f) => f.startsWith('src/functions/handlers/') || f.startsWith('src/auth/') || f.startsWith('src/storage/'))).toEqual([]);
    expect(result.lazy.length).toBeGreaterThan(5);
    for (const lazy of result.lazy) expect(existsSync(resolve(dirname(outFile), lazy))).toBe(true);
    const code = readFileSync(outFile, 'utf8');
    expect(code).toMatch(/require\("@azure\/functions"\)/);
  });

  it('registers the same functions, in the same order, as loading tsc output module by module', async () => {
    const modules = entryModules(REPO_ROOT).map((f) => join(REPO_ROOT, 'dist', f.slice(REPO_ROOT.length + 1).replace(/\.ts$/, '.js')));
    const separate = await loadInFreshProcess(modules);
    const bundled = await loadInFreshProcess([join(REPO_ROOT, 'dist', 'main.js')]);
    expect(bundled.functionNames).toEqual(separate.functionNames);
    expect(bundled.functions).toBeGreaterThan(10);
    expect(bundled.files.app).toBe(1);
    expect(bundled.heavy).toEqual([]);
  }, 60_000);
});

describe('bundling rules (a scratch app)', () => {
  const app = (files: Record<string, string>): string => {
    const root = mkdtempSync(join(scratch, 'app-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
    return root;
  };

  it('leaves packages to require at run time (a heavy SDK imported at top level stays visible to the heavy-import check)', async () => {
    const root = app({
      'src/index.ts': "import { TableClient } from '@azure/data-tables';\nexport const client = TableClient;\n",
      'src/functions/a.ts': "(globalThis as Record<string, unknown>).later = () => import('./handlers/a.js');\n",
      'dist/src/functions/handlers/a.js': 'exports.x = 1;\n',
    });
    const result = await bundleEntry({ root });
    const code = readFileSync(result.outFile, 'utf8');
    expect(code).toMatch(/require\("@azure\/data-tables"\)/);
    expect(result.lazy).toEqual(['./src/functions/handlers/a.js']);
    expect(code).toContain('import("./src/functions/handlers/a.js")');
  });

  it('fails the build when a lazily imported module was not emitted by tsc', async () => {
    const root = app({ 'src/index.ts': '', 'src/functions/a.ts': "(globalThis as Record<string, unknown>).later = () => import('./handlers/missing.js');\n" });
    const failure = bundleEntry({ root });
    await expect(failure).rejects.toBeInstanceOf(BundleError);
    await expect(failure).rejects.toThrow(/src\/functions\/a\.ts imports \.\/handlers\/missing\.js lazily, but dist\/src\/functions\/handlers\/missing\.js does not exist/);
  });

  it('loads src/index.ts first, then the registration files in alphabetical order', () => {
    const root = app({ 'src/index.ts': '', 'src/functions/b.ts': '', 'src/functions/a.ts': '', 'src/functions/types.d.ts': '' });
    expect(entryModules(root).map((f) => f.slice(root.length + 1))).toEqual(['src/index.ts', 'src/functions/a.ts', 'src/functions/b.ts']);
  });
});

