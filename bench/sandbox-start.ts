/**
 * Sandbox start time, from spawning to the "is running (started in N s)" line, then Ctrl-C:
 * - `npm run dev` as a user types it when nothing changed since the last build (npm, `tsc -b` finding everything
 *   up to date, the bundle, then the sandbox);
 * - the sandbox alone (dist/devtools/sandbox/cli.js: a fresh certificate, Azurite, the local Entra ID, Key Vault,
 *   managed identity, Fabric API and the host).
 * Target: under 10 s on the 2-core machine. Measured here rather than asserted in a test, so a loaded CI machine
 * cannot fail a test with a slow start.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './bench-row';

const REPO = join(__dirname, '..', '..');

function startOnce(how: 'npm' | 'cli'): Promise<number> {
  const workDir = mkdtempSync(join(tmpdir(), 'fabric-sandbox-bench-'));
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[k] !== undefined) env[k] = process.env[k];
  const args = ['--port', '0', '--work-dir', workDir, '--no-watch'];
  const t0 = process.hrtime.bigint();
  // npm in a process group of its own, stopped as a terminal's Ctrl-C stops it: the whole group gets SIGINT.
  const child =
    how === 'npm'
      ? spawn('npm', ['run', 'dev', '--', ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: process.platform === 'win32' })
      : spawn(process.execPath, [join(REPO, 'dist', 'devtools', 'sandbox', 'cli.js'), ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const interrupt = () => (how === 'npm' && process.platform !== 'win32' ? process.kill(-child.pid!, 'SIGINT') : child.kill('SIGINT'));
  let out = '';
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (/is running \(started in/.test(out)) {
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        child.stdout!.off('data', onData);
        interrupt();
        child.once('exit', () => {
          clearTimeout(timer);
          rmSync(workDir, { recursive: true, force: true });
          resolve(seconds);
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      if (!/is running/.test(out)) {
        clearTimeout(timer);
        rmSync(workDir, { recursive: true, force: true });
        reject(new Error(`sandbox exited with ${code} before it was ready:\n${out}`));
      }
    });
  });
}

export async function sandboxStartBench(opts: { short: boolean }): Promise<BenchRow[]> {
  const runs = opts.short ? 1 : 3;
  const median = async (how: 'npm' | 'cli') => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await startOnce(how));
    return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  };
  const npm = await median('npm');
  const rows: BenchRow[] = [{ name: `npm run dev until ready, nothing changed since the last build (median of ${runs})`, value: `${npm.toFixed(1)} s`, target: '< 10 s', met: npm < 10 }];
  // The short (smoke) run starts one sandbox only: `npm run dev` runs the same CLI.
  if (opts.short) return rows;
  const cli = await median('cli');
  return [...rows, { name: `the sandbox alone until ready (dist/devtools/sandbox/cli.js; median of ${runs})`, value: `${cli.toFixed(1)} s`, target: '< 10 s', met: cli < 10 }];
}
