/**
 * Bundles the app's entry graph — src/index.ts, then every registration file in src/functions/ (alphabetical, the
 * order the worker used to load them) — into one file, dist/main.js, which package.json "main" names.
 *
 * Why: a Flex Consumption instance imports "main" before it can answer its first request. Loading the entry graph
 * as 19 separate modules cost about as much again as @azure/functions itself (resolution, file reads and compiles
 * per module); one module brings the import to about 1.2x an app with one empty function (bench/cold-start.ts).
 *
 * What stays out of the bundle, so that nothing changes at run time except the number of files:
 * - every package (node_modules) is still loaded by require when the code runs, so heavy SDKs load on first use
 *   as before, and the heavy-import check (bench/fixtures/load-entry-points.ts) still sees them;
 * - every dynamic import(): handlers and the health check still load on first invocation, from tsc's output
 *   (dist/src/…); the bundle names them by their path relative to itself. A target tsc did not emit fails the build.
 *
 *   node dist/build/bundle-entry.js        (npm run build runs it after tsc)
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';

export interface BundleOptions {
  /** Repository root (holds src/ and tsc's dist/). */
  readonly root: string;
  /** Where the bundle is written (default <root>/dist/main.js). */
  readonly outFile?: string;
}

export interface BundleResult {
  readonly outFile: string;
  /** Source files inside the bundle, relative to the root. */
  readonly inputs: readonly string[];
  /** Modules left to load on first use (dynamic imports), as the bundle names them. */
  readonly lazy: readonly string[];
}

export class BundleError extends Error {
  override readonly name = 'BundleError';
}

/** The entry graph's roots, in load order: src/index.ts, then src/functions/*.ts. */
export function entryModules(root: string): string[] {
  const functionsDir = join(root, 'src', 'functions');
  const registrations = readdirSync(functionsDir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(functionsDir, e.name))
    .sort();
  return [join(root, 'src', 'index.ts'), ...registrations];
}

const toPosix = (p: string): string => p.split(sep).join('/');

/** Keeps dynamic imports of the app's own modules lazy: external, pointing at tsc's output from the bundle's folder. */
function lazyImportsStayExternal(root: string, outDir: string, lazy: Set<string>): Plugin {
  const distDir = join(root, 'dist');
  return {
    name: 'lazy-imports-stay-external',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const compiled = join(distDir, relative(root, resolve(args.resolveDir, args.path)));
        if (!existsSync(compiled)) {
          throw new BundleError(`${relative(root, args.importer)} imports ${args.path} lazily, but ${relative(root, compiled)} does not exist: run tsc first`);
        }
        const path = `./${toPosix(relative(outDir, compiled))}`;
        lazy.add(path);
        return { path, external: true };
      });
    },
  };
}

export async function bundleEntry(options: BundleOptions): Promise<BundleResult> {
  const root = resolve(options.root);
  const outFile = resolve(options.outFile ?? join(root, 'dist', 'main.js'));
  const lazy = new Set<string>();
  const contents = entryModules(root)
    .map((file) => `import ${JSON.stringify(`./${toPosix(relative(root, file))}`)};`)
    .join('\n');
  const result = await build({
    stdin: { contents, resolveDir: root, sourcefile: 'entry-graph.ts', loader: 'ts' },
    absWorkingDir: root, // metafile paths relative to the root, whatever the caller's cwd
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    outfile: outFile,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [lazyImportsStayExternal(root, dirname(outFile), lazy)],
  }).catch((err: unknown) => {
    const errors = (err as { errors?: { text: string }[] }).errors;
    throw new BundleError(errors?.length ? errors.map((e) => e.text).join('\n') : String(err), { cause: err });
  });
  if (result.warnings.length > 0) throw new BundleError(`esbuild warnings:\n${result.warnings.map((w) => w.text).join('\n')}`);
  const inputs = Object.keys(result.metafile.inputs).filter((f) => f !== 'entry-graph.ts').sort();
  return { outFile, inputs, lazy: [...lazy].sort() };
}

if (require.main === module) {
  const root = resolve(__dirname, '..', '..');
  bundleEntry({ root }).then(
    (r) => console.log(`bundled ${r.inputs.length} modules into ${relative(root, r.outFile)}; ${r.lazy.length} load on first use`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
