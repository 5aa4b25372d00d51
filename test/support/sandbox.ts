/**
 * Runs `npm run dev`'s compiled CLI (dist/devtools/sandbox/cli.js) and the simulator as a user's terminals do, with
 * nothing of the test run's environment (no Azurite, no certificate trust). Build first (`npx tsc -b`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../devtools/host/child-process';
export { isAlive } from '../../devtools/sandbox/state';

export const SANDBOX_CLI = join(REPO_ROOT, 'dist', 'devtools', 'sandbox', 'cli.js');
export const FABRIC_CLI = join(REPO_ROOT, 'dist', 'devtools', 'fabric-sim', 'cli.js');

/** The environment a user's terminal has. */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

export interface SandboxRun {
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the output (from character `from` on) matches; rejects if the process exits first or after timeoutMs. */
  waitFor(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<void>;
}

export function runSandbox(args: readonly string[]): SandboxRun {
  const child = spawn(process.execPath, [SANDBOX_CLI, '--no-watch', ...args], { cwd: REPO_ROOT, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const waitFor = async (pattern: RegExp, { from = 0, timeoutMs = 60_000 } = {}) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(out.slice(from))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the sandbox exited before printing ${pattern}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`the sandbox did not print ${pattern} within ${timeoutMs} ms:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, output: () => out, exited, waitFor };
}

/** Runs a command-line tool (e.g. the simulator) to its end: `out` has stdout and stderr, `stdout` stdout alone. */
export function runTool(args: readonly string[], timeoutMs: number): Promise<{ code: number | null; out: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      stdout += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, stdout });
    });
  });
}
