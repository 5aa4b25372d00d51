/**
 * The app bundle the hosts load (dist/main.js and dist/handlers.js), made by the project's own `npm run bundle`
 * (esbuild), so that the sandbox runs exactly what `npm run build` and Azure's remote build make.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class BuildFailedError extends Error {
  override readonly name = 'BuildFailedError';
}

/** The bundle's output files (package.json "main" and what it loads). */
export const BUNDLE_OUTPUTS = ['main.js', 'handlers.js'];

/** Newest change under dir: files, and directories (a file added, removed or renamed changes its directory's). */
function newestMtime(dir: string): number {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when both bundle files exist and are newer than every file under src/ (the bundle's only inputs of ours). */
export function bundleIsCurrent(root: string): boolean {
  const outputs = BUNDLE_OUTPUTS.map((f) => join(root, 'dist', f));
  if (!outputs.every((f) => existsSync(f))) return false;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  return newestMtime(join(root, 'src')) < built;
}

/** Runs `npm run bundle` (through the npm that runs `npm run dev`, when it does). */
export function runBundle(root: string): Promise<void> {
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli && npmCli.endsWith('.js') ? [process.execPath, [npmCli, 'run', '--silent', 'bundle']] : ['npm', ['run', '--silent', 'bundle']];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], shell: command === 'npm' && process.platform === 'win32' });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => reject(new BuildFailedError(`npm run bundle could not start: ${err.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new BuildFailedError(output.trim() || `npm run bundle exited with ${code}`))));
  });
}
