/**
 * A sandbox that can't be broken by the way it is started and stopped:
 * - a second `npm run dev` on the same port finds the running one, says so and changes nothing of it (certificate,
 *   state file); a second one with --port 0 runs next to it with its own state and certificate; the first still
 *   passes the simulator scenario afterwards;
 * - Ctrl-C with a job running says what it stops and stops; a second Ctrl-C forces;
 * - every way out (SIGTERM, SIGHUP, a closed output pipe) removes the state file and the lock and leaves no process.
 * No timing is asserted (the bench measures start and stop times).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxState } from '../../../devtools/sandbox/state';
import { REPO_ROOT } from '../../support/host';
import { FABRIC_CLI, isAlive, runSandbox, runTool, type SandboxRun } from '../../support/sandbox';

const READY = /is running \(started in/;
/** The app bundle the running sandbox's host loads: a second start must not rebuild it either. */
const BUNDLE = join(REPO_ROOT, 'dist', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const readState = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
const pidsOf = (state: SandboxState) => [state.pid, ...Object.values(state.childPids)];

/** Creates an item and a 60 s job through the simulator; resolves once the host runs it. */
async function startLongJob(run: SandboxRun, stateFile: string): Promise<void> {
  const from = run.output().length;
  const created = await runTool([FABRIC_CLI, 'create-item', '--state', stateFile], 30_000);
  // The simulator prints the new item's id alone on stdout.
  const itemId = created.stdout.trim();
  if (created.code !== 0 || !itemId) throw new Error(`create-item failed:\n${created.out}`);
  const job = await runTool([FABRIC_CLI, 'create-job', '--item', itemId, '--steps', '60', '--step-delay-ms', '1000', '--state', stateFile], 30_000);
  if (job.code !== 0) throw new Error(`create-job failed:\n${job.out}`);
  await run.waitFor(/Executing 'Functions\.jobRunner'/, { from });
}

async function stopped(run: SandboxRun, signal: NodeJS.Signals = 'SIGINT') {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill(signal);
  return run.exited;
}

describe('sandbox: a second start, and every way to stop', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'fabric-sandbox-life-'));
  const stateFile = join(workDir, 'sandbox.json');
  const certFile = join(workDir, 'sandbox', 'tls', 'localhost-cert.pem');
  let port: number;
  let first: SandboxRun;
  let state: SandboxState;

  beforeAll(async () => {
    port = await freePort();
    first = runSandbox(['--port', String(port), '--work-dir', workDir]);
    await first.waitFor(READY);
    state = readState(stateFile);
  });

  afterAll(async () => {
    if (first) await stopped(first);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('refuses a second start on the same port: says which sandbox runs, exits non-zero, changes none of its files', async () => {
    const before = { cert: digest(certFile), state: digest(stateFile), bundle: statSync(BUNDLE).mtimeMs };
    const second = runSandbox(['--port', String(port), '--work-dir', workDir]);
    const { code } = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toContain(`A sandbox is already running (pid ${state.pid}, base URL ${state.baseUrl}`);
    expect(second.output()).toContain('nothing of it was changed');
    expect({ cert: digest(certFile), state: digest(stateFile), bundle: statSync(BUNDLE).mtimeMs }).toEqual(before);
    expect(pidsOf(state).every(isAlive)).toBe(true);
  });

  it('runs a sandbox of its own next to it with --port 0 (own state and certificate), and removes it when stopped', async () => {
    const before = { cert: digest(certFile), state: digest(stateFile) };
    const other = runSandbox(['--port', '0', '--work-dir', workDir]);
    try {
      await other.waitFor(READY);
      const ownDir = join(workDir, 'sandboxes', String(other.child.pid));
      const ownState = readState(join(ownDir, 'sandbox.json'));
      expect(ownState.baseUrl).not.toBe(state.baseUrl);
      expect(digest(join(ownDir, 'tls', 'localhost-cert.pem'))).not.toBe(before.cert);
      expect(other.output()).toContain(`--state ${join(ownDir, 'sandbox.json')}`);
      expect({ cert: digest(certFile), state: digest(stateFile) }).toEqual(before);
    } finally {
      await stopped(other);
    }
    expect(readdirSync(join(workDir, 'sandboxes'))).toEqual([]);
  });

  it('leaves the first sandbox working: it still passes the simulator scenario', async () => {
    const { code, out } = await runTool([FABRIC_CLI, 'scenario', '--state', stateFile, '--steps', '2', '--step-delay-ms', '100', '--poll-seconds', '0.5'], 90_000);
    if (code !== 0 || !out.includes('Scenario passed')) throw new Error(`scenario exited ${code}:\n${out}\n--- sandbox ---\n${first.output()}`);
  });

  it('on Ctrl-C with a job running, says what it stops (the host with its in-flight job first) and exits', async () => {
    await startLongJob(first, stateFile);

    const { code } = await stopped(first, 'SIGINT');
    expect(code).toBe(0);
    expect(first.output()).toMatch(/Received SIGINT: stopping the sandbox \(function host, [^)]*Azurite\)\. Press Ctrl-C again to force\./);
    expect(first.output()).toContain('The function host was still running in-flight work');
    expect(first.output()).toMatch(/Sandbox stopped in [\d.]+ s; nothing left running\./);
    expect(pidsOf(state).filter(isAlive)).toEqual([]);
    expect(existsSync(stateFile)).toBe(false);
    expect(existsSync(join(workDir, 'sandbox', 'lock'))).toBe(false);
  });
});

describe('sandbox: cleanup on every way out', () => {
  const workDirs: string[] = [];
  const runs: SandboxRun[] = [];
  afterAll(async () => {
    // A failed test may leave its sandbox running.
    for (const run of runs) await stopped(run, 'SIGTERM');
    for (const d of workDirs) rmSync(d, { recursive: true, force: true });
  });

  async function started(): Promise<{ run: SandboxRun; workDir: string; state: SandboxState }> {
    const workDir = mkdtempSync(join(tmpdir(), 'fabric-sandbox-exit-'));
    workDirs.push(workDir);
    const run = runSandbox(['--port', '0', '--work-dir', workDir]);
    runs.push(run);
    await run.waitFor(READY);
    return { run, workDir, state: readState(join(workDir, 'sandbox.json')) };
  }

  function expectClean(workDir: string, state: SandboxState): void {
    expect(pidsOf(state).filter(isAlive)).toEqual([]);
    expect(existsSync(join(workDir, 'sandbox.json'))).toBe(false);
    expect(existsSync(join(workDir, 'sandbox', 'lock'))).toBe(false);
  }

  it.each(['SIGTERM', 'SIGHUP'] as const)('%s: stops, removes the state file and the lock', async (signal) => {
    const { run, workDir, state } = await started();
    await stopped(run, signal);
    expect(run.output()).toContain(`Received ${signal}: stopping the sandbox`);
    expectClean(workDir, state);
  });

  it('a second Ctrl-C forces the exit (code 130) and still leaves nothing behind', async () => {
    const { run, workDir, state } = await started();
    // A running job keeps the first, graceful stop busy for the host's 1 s grace period.
    await startLongJob(run, join(workDir, 'sandbox.json'));
    run.child.kill('SIGINT');
    await run.waitFor(/Received SIGINT: stopping the sandbox/);
    // Not within 100 ms of the first: that would be the same Ctrl-C delivered twice.
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(130);
    expect(run.output()).toContain('Received SIGINT again: killing everything now.');
    // Killed children may take a moment to be reaped; the state file and lock are gone at once.
    expect(existsSync(join(workDir, 'sandbox.json'))).toBe(false);
    for (let i = 0; i < 50 && pidsOf(state).some(isAlive); i++) await new Promise((r) => setTimeout(r, 100));
    expectClean(workDir, state);
  });

  it('output piped to a reader that goes away (`npm run dev | tee log`, then Ctrl-C): stops and cleans up', async () => {
    const { run, workDir, state } = await started();
    run.child.stdout!.destroy();
    run.child.kill('SIGINT');
    await run.exited;
    expectClean(workDir, state);
  });

  it('output pipe closed while running: the next line it writes stops it, and it cleans up', async () => {
    const { run, workDir, state } = await started();
    run.child.stdout!.destroy();
    // A request makes the host log, which the sandbox writes to its (closed) output.
    await fetch(`${state.baseUrl}/health`).catch(() => undefined);
    await run.exited;
    expectClean(workDir, state);
  });
});
