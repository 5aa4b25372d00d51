/**
 * Watch mode of `npm run dev`: on a change under src/ (chokidar), rebuild the app bundle (`npm run bundle`, esbuild:
 * the same dist/main.js and dist/handlers.js that `npm run build` makes), then restart the app in the running host
 * (new worker, functions indexed again, same port). Azurite, the local Entra ID, Key Vault, the Fabric API and the
 * control API keep running with their state. A failed build keeps the previous code serving.
 *
 * esbuild strips types without checking them: the editor, `npx tsc -p . --noEmit` and the next `npm run build`
 * report type errors.
 */
import { relative } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { runBundle } from './bundle';

export interface SourceWatchOptions {
  /** Directory to watch (src/). */
  readonly dir: string;
  /** Working directory of the build (the repository root, for `npm run bundle`). */
  readonly root: string;
  /** Restarts the app in the host once the bundle is rebuilt. */
  readonly reload: () => Promise<void>;
  readonly log: (line: string) => void;
}

export interface SourceWatch {
  /** Resolves when the watcher is ready (changes from then on are seen). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function watchSources(o: SourceWatchOptions): SourceWatch {
  const watcher: FSWatcher = watch(o.dir, { ignoreInitial: true });
  const changed = new Set<string>();
  /** When the first change of the batch was seen. */
  let firstChangeAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  const cycle = async (): Promise<void> => {
    const files = [...changed].map((f) => relative(o.root, f));
    changed.clear();
    const first = firstChangeAt;
    const t0 = Date.now();
    o.log(`[watch] ${files.length === 1 ? files[0] : `${files.length} files`} changed: rebuilding…`);
    try {
      await runBundle(o.root);
    } catch (err) {
      o.log(`[watch] Build failed; the host keeps serving the previous build.\n${(err as Error).message}`);
      return;
    }
    const built = Date.now();
    try {
      await o.reload();
    } catch (err) {
      // The host has logged the whole error; one line here.
      o.log(`[watch] The host could not load the new build (${(err as Error).message.split('\n')[0]}); it answers 503 until a save fixes it.`);
      return;
    }
    o.log(`[watch] Serving the new code (${seconds(Date.now() - first)} after the change: build ${seconds(built - t0)}, host restart ${seconds(Date.now() - built)}).`);
  };

  const run = () => {
    timer = undefined;
    if (closed || changed.size === 0) return;
    if (running) return; // the cycle in progress runs again when it ends
    running = cycle()
      .catch((err: unknown) => o.log(`[watch] ${(err as Error)?.message ?? String(err)}`))
      .finally(() => {
        running = undefined;
        if (changed.size > 0) schedule();
      });
  };
  // Editors write a file in several steps; one rebuild for a burst of changes.
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, 50);
  };

  watcher.on('all', (_event, path) => {
    if (changed.size === 0) firstChangeAt = Date.now();
    changed.add(path);
    schedule();
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
