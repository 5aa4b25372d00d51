/**
 * `npm run dev` and `npm run fabric -- scenario`, as a user runs them in two terminals: the sandbox starts with
 * nothing from Azure and prints its start time, the simulator's scenario passes against it, an unexpected answer makes the simulator
 * exit non-zero, and Ctrl-C (SIGINT) stops everything, leaving no process and no state file behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxState } from '../../../devtools/sandbox/state';
import { REPO_ROOT } from '../../support/host';

const SANDBOX_CLI = join(REPO_ROOT, 'dist', 'devtools', 'sandbox', 'cli.js');
const FABRIC_CLI = join(REPO_ROOT, 'dist', 'devtools', 'fabric-sim', 'cli.js');

/** The environment a user's terminal has: nothing of the test run's (no Azurite, no certificate trust). */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG']) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

function run(args: string[], timeoutMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('sandbox (npm run dev) driven by the Fabric simulator (npm run fabric)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'fabric-sandbox-'));
  const stateFile = join(workDir, 'sandbox.json');
  let launcher: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let state: SandboxState;

  beforeAll(async () => {
    launcher = spawn(process.execPath, [SANDBOX_CLI, '--port', '0', '--work-dir', workDir], { cwd: REPO_ROOT, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    launcher.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    launcher.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    exited = new Promise((r) => launcher.once('exit', (code) => r(code)));
    const deadline = Date.now() + 30_000;
    while (!/is running \(started in/.test(output)) {
      if (launcher.exitCode !== null || Date.now() > deadline) throw new Error(`sandbox did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as SandboxState;
  });

  afterAll(async () => {
    if (launcher && launcher.exitCode === null) {
      launcher.kill('SIGINT');
      await exited;
    }
    rmSync(workDir, { recursive: true, force: true });
  });

  it('prints how long it took to start, what runs and how to drive it', () => {
    // The start time itself is measured by the benchmark (bench/sandbox-start.ts), not asserted here: a loaded CI
    // machine must not turn a slow start into a failed test.
    const seconds = Number(/started in ([\d.]+) s/.exec(output)?.[1]);
    expect(Number.isFinite(seconds) && seconds > 0).toBe(true);
    for (const text of ['Endpoint base URL', 'Local Entra ID', 'Azurite blob (OneLake stand-in)', 'Local Key Vault', 'Local Fabric API', 'Control API (dev only)', 'npm run fabric -- scenario', 'Ctrl-C stops everything']) {
      expect(output).toContain(text);
    }
    expect(state.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
  });

  it('hands out storage URLs with an IP host (the Functions host reads the account from the path only for IP hosts)', () => {
    const storage = Object.entries(state.services).filter(([name]) => name.startsWith('Azurite'));
    expect(storage.map(([name]) => name)).toEqual(['Azurite blob (OneLake stand-in)', 'Azurite queue', 'Azurite table']);
    for (const [, url] of storage) expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
  });

  it('passes the simulator scenario', async () => {
    const { code, out } = await run([FABRIC_CLI, 'scenario', '--state', stateFile, '--steps', '2', '--step-delay-ms', '100', '--poll-seconds', '0.5'], 90_000);
    if (code !== 0 || !out.includes('Scenario passed')) throw new Error(`scenario exited ${code}:\n${out}\n--- sandbox ---\n${output}`);
  });

  it('exits non-zero on an unexpected answer (consent error injected through the control API)', async () => {
    expect((await run([FABRIC_CLI, 'consent-error', 'on', '--state', stateFile], 20_000)).code).toBe(0);
    const failed = await run([FABRIC_CLI, 'scenario', '--state', stateFile, '--steps', '1', '--step-delay-ms', '0', '--poll-seconds', '0.5'], 60_000);
    expect((await run([FABRIC_CLI, 'consent-error', 'off', '--state', stateFile], 20_000)).code).toBe(0);
    expect(failed.out).toMatch(/Scenario FAILED\..*403/);
    expect(failed.code).toBe(1);
  });

  it('refuses control API calls without the key from the state file', async () => {
    const res = await fetch(`${state.controlUrl}/info`);
    expect(res.status).toBe(401);
  });

  it('stops everything on Ctrl-C (SIGINT): exit 0, no process left, state file removed', async () => {
    const pids = [state.pid, ...Object.values(state.childPids)];
    expect(pids.every(alive)).toBe(true);
    launcher.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(stateFile)).toBe(false);
    expect(output).toMatch(/Sandbox stopped in [\d.]+ s; nothing left running\./);
  });
});
