/**
 * The build's two bundles (`npm run bundle`): dist/main.js (package.json "main": src/main.ts — src/index.ts and the
 * function files) and dist/handlers.js (src/handlers.ts: the handlers, the composition root and everything below).
 * Neither holds a package; main.js does not hold the app's graph, which it loads on the first invocation; and main.js
 * registers the same functions, in the same order, as loading tsc's output of the sources module by module.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInFreshProcess } from '../../../bench/cold-start';
import { REPO_ROOT } from '../../../devtools/host/child-process';

interface Metafile {
  readonly outputs: Record<string, { readonly inputs: Record<string, unknown>; readonly entryPoint?: string }>;
}

const scratch = mkdtempSync(join(tmpdir(), 'bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The function files, in the order the sources name them: alphabetical. */
const functionFiles = readdirSync(join(REPO_ROOT, 'src', 'functions'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .sort()
  .map((f) => `src/functions/${f}`);

/** Runs the build's own bundle command into the scratch folder and answers the source files of each bundle. */
function bundle(): { main: string[]; handlers: string[]; code: string } {
  const meta = join(scratch, 'meta.json');
  execFileSync('npm', ['run', '--silent', 'bundle', '--', `--outdir=${scratch}`, `--metafile=${meta}`], { cwd: REPO_ROOT, stdio: 'pipe' });
  const { outputs } = JSON.parse(readFileSync(meta, 'utf8')) as Metafile;
  const inputsOf = (entry: string): string[] => {
    const output = Object.values(outputs).find((o) => o.entryPoint === entry);
    if (!output) throw new Error(`no bundle for ${entry}`);
    return Object.keys(output.inputs).sort();
  };
  return { main: inputsOf('src/main.ts'), handlers: inputsOf('src/handlers.ts'), code: readFileSync(join(scratch, 'main.js'), 'utf8') };
}

describe('the bundles', () => {
  let built: ReturnType<typeof bundle>;
  beforeAll(() => {
    built = bundle();
  }, 60_000);

  it('hold no package: every package is required at run time, so heavy SDKs still load at their own seams', () => {
    expect([...built.main, ...built.handlers].filter((f) => f.includes('node_modules'))).toEqual([]);
    expect(built.code).toMatch(/require\("@azure\/functions"\)/);
  });

  it('main.js holds the entry and the function files, not the app: it loads ./handlers.js, beside it, on first use', () => {
    expect(built.main).toEqual(expect.arrayContaining(['src/index.ts', 'src/main.ts', 'src/root.ts', ...functionFiles]));
    expect(built.main.filter((f) => f === 'src/handlers.ts' || f === 'src/app.ts' || /^src\/(auth|storage|items|jobs|tokens|credentials)\//.test(f))).toEqual([]);
    expect(built.code).toContain('import("./handlers.js")');
    expect(existsSync(join(scratch, 'handlers.js'))).toBe(true);
    expect(built.handlers).toEqual(expect.arrayContaining(['src/handlers.ts', 'src/app.ts']));
  });
});

describe('src/main.ts', () => {
  it('imports src/index.ts, then every function file in alphabetical order', () => {
    const imports = [...readFileSync(join(REPO_ROOT, 'src', 'main.ts'), 'utf8').matchAll(/^import '\.\/(.+)';$/gm)].map((m) => `src/${m[1]}.ts`);
    expect(imports).toEqual(['src/index.ts', ...functionFiles]);
  });

  it('dist/main.js registers the same functions, in the same order, as tsc output module by module, with no heavy SDK', async () => {
    const modules = ['src/index.ts', ...functionFiles].map((f) => join(REPO_ROOT, 'dist', f.replace(/\.ts$/, '.js')));
    const separate = await loadInFreshProcess(modules);
    const bundled = await loadInFreshProcess([join(REPO_ROOT, 'dist', 'main.js')]);
    expect(bundled.functionNames).toEqual(separate.functionNames);
    expect(bundled.functions).toBeGreaterThan(10);
    expect(bundled.files.app).toBe(1);
    expect(bundled.heavy).toEqual([]);
  }, 60_000);
});
