/**
 * `npm run dev`: the sandbox in one command (see sandbox.ts), in watch mode (see watch.ts). Ctrl-C stops everything
 * and leaves nothing running.
 *
 * Two processes, so that the sandbox trusts the certificate it makes: the launcher (this file, started by npm)
 * claims the sandbox's place (slot.ts: a second start finds the running sandbox and changes nothing of it), generates
 * a fresh localhost certificate there, then runs the sandbox as a child with NODE_EXTRA_CA_CERTS pointing at it (Node
 * reads that variable only at start); the app is bundled first if src/ changed since the last bundle. The child has its own process group: Ctrl-C reaches the launcher, which
 * forwards it, and the sandbox stops the host first, then every service. The sandbox also stops if the launcher dies.
 * Every way out (signals, a closed output pipe, an uncaught error) removes the state file and the lock.
 *
 *   node dist/devtools/sandbox/cli.js [--port <n>] [--no-watch] [--inspect[=<port>]] [--secret-from-env] [--work-dir <dir>]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../host/child-process';
import { bundleIsCurrent, runBundle } from './bundle';
import { claimSlot, releaseSlot, type SandboxPaths } from './slot';
import type { Sandbox } from './sandbox';
import { DEFAULT_STATE_FILE, DEFAULT_WORK_DIR, killPid, readSandboxStateFile, removeSandboxState, type SandboxState } from './state';
import { watchSources, type SourceWatch } from './watch';

const INNER = 'FABRIC_SANDBOX_INNER';
const T0 = 'FABRIC_SANDBOX_T0';
const LAUNCHER_PID = 'FABRIC_SANDBOX_LAUNCHER_PID';
const CERT_MS = 'FABRIC_SANDBOX_CERT_MS';
const BUNDLE_MS = 'FABRIC_SANDBOX_BUNDLE_MS';
const PATHS = 'FABRIC_SANDBOX_PATHS';
const DEFAULT_PORT = 7071;
const DEFAULT_INSPECT_PORT = 9229;
const SAME_SIGNAL_MS = 100;

const USAGE = `Usage: npm run dev [-- --port <n>] [--no-watch] [--inspect[=<port>]] [--secret-from-env] [--work-dir <dir>]
  --port <n>         host port (default PORT, else 7071; 0 = any free port: a sandbox of its own next to a running one)
  --no-watch         do not rebuild and restart the app when src/ changes (watch mode is on by default)
  --inspect[=<port>] start the app's worker with the Node inspector on 127.0.0.1:<port> (default 9229)
  --secret-from-env  give the host the backend secret as BACKEND_CLIENT_SECRET instead of through the local Key Vault
  --work-dir <dir>   where sandbox.json and the certificate go (default .cache)`;

interface Args {
  port: number;
  watch: boolean;
  inspectPort?: number;
  secretSource: 'keyVault' | 'environment';
  workDir: string;
}

class UsageError extends Error {
  override readonly name = 'UsageError';
}

function portNumber(value: string | undefined, what: string): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${what} must be a port number (got "${value ?? ''}")`);
  return n;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { port: DEFAULT_PORT, watch: true, secretSource: 'keyVault', workDir: DEFAULT_WORK_DIR };
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--port') port = portNumber(value(), '--port');
    else if (flag === '--work-dir') args.workDir = resolve(value() ?? '');
    else if (flag === '--no-watch' && inline === undefined) args.watch = false;
    else if (flag === '--inspect') args.inspectPort = inline === undefined ? DEFAULT_INSPECT_PORT : portNumber(inline, '--inspect');
    else if (flag === '--secret-from-env' && inline === undefined) args.secretSource = 'environment';
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new UsageError(`Unknown argument "${argv[i]}"\n${USAGE}`);
  }
  args.port = port ?? (process.env.PORT ? portNumber(process.env.PORT, 'PORT') : DEFAULT_PORT);
  return args;
}

/** Resolves false when something already listens on 127.0.0.1:port. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = createServer();
    s.once('error', () => ok(false));
    s.listen(port, '127.0.0.1', () => s.close(() => ok(true)));
  });
}

/** Output may go to a pipe that closes (`npm run dev | tee log`, then Ctrl-C): writing must never throw then. */
function guardOutput(onClosed: () => void): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') return;
      for (const method of ['log', 'info', 'warn', 'error'] as const) console[method] = () => undefined;
      onClosed();
    });
  }
}

/** Relative to the current directory when inside it, else absolute. */
function shortPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function runningMessage(pid: number, state: SandboxState | undefined, stateFile: string): string {
  const where = state ? `pid ${state.pid}, base URL ${state.baseUrl}, started ${state.startedAt}` : `pid ${pid}, still starting`;
  return [
    `A sandbox is already running (${where}); nothing of it was changed.`,
    `  Use it:             npm run fabric -- scenario${stateFile === DEFAULT_STATE_FILE ? '' : ` --state ${shortPath(stateFile)}`}`,
    '  Stop it:            Ctrl-C in its terminal',
    '  Or run another one: npm run dev -- --port 0   (any free port; its own state and certificate)',
  ].join('\n');
}

async function launcher(): Promise<void> {
  const t0 = Date.now();
  const args = parseArgs(process.argv.slice(2));
  const claim = claimSlot(args.workDir, args.port);
  if (claim.kind === 'running') {
    console.error(runningMessage(claim.pid, claim.state, claim.stateFile));
    process.exit(1);
  }
  const paths = claim.paths;
  process.on('exit', () => releaseSlot(paths));
  /** The sandbox process, once spawned. */
  const launched: { child?: ChildProcess } = {};
  const forward = (signal: NodeJS.Signals) => {
    const { child } = launched;
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  let signals = 0;
  let lastSignalAt = 0;
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(s, () => {
      // Before the sandbox runs (bundling, certificate), there is nothing to stop yet: give the place back and exit.
      if (!launched.child) process.exit(130);
      // One Ctrl-C can arrive twice (from the terminal, and forwarded by npm when it runs this file directly).
      if (Date.now() - lastSignalAt < SAME_SIGNAL_MS) return;
      lastSignalAt = Date.now();
      forward(s);
      // The second signal forces: the sandbox exits at once; should it hang, it is killed.
      if (++signals === 2) setTimeout(() => forward('SIGKILL'), 1000).unref();
    });
  }
  // The output is gone (the reader of a pipe ended): stop, unless a signal already asked for it.
  guardOutput(() => {
    if (signals === 0) forward('SIGTERM');
  });
  if (args.port !== 0 && !(await portIsFree(args.port))) {
    console.error(`Port ${args.port} is in use by another program: stop it, or use another port (npm run dev -- --port 0 for any free port).`);
    process.exit(1);
  }
  // Only now, once it is sure to start, may it touch the build: the bundle is made again only if src/ changed.
  const bundleStart = Date.now();
  const bundled = !bundleIsCurrent(REPO_ROOT);
  if (bundled) {
    try {
      await runBundle(REPO_ROOT);
    } catch (err) {
      console.error(`Sandbox failed to start: the app does not bundle (npm run bundle):\n${(err as Error).message}`);
      process.exit(1);
    }
  }
  const bundleMs = Date.now() - bundleStart;
  const certStart = Date.now();
  // Required here, not imported at the top: only the launcher needs the certificate maker, only the sandbox process
  // the sandbox (each saves the other's module load at start-up).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLocalCertificate } = require('../tls') as typeof import('../tls');
  const cert = await createLocalCertificate(paths.tlsDir);
  const sandbox = spawn(process.execPath, [__filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    detached: true,
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: cert.certPath,
      [INNER]: '1',
      [T0]: String(t0),
      [CERT_MS]: String(Date.now() - certStart),
      [BUNDLE_MS]: bundled ? String(bundleMs) : '',
      [LAUNCHER_PID]: String(process.pid),
      [PATHS]: JSON.stringify(paths),
    },
  });
  launched.child = sandbox;
  process.on('uncaughtException', (err) => {
    console.error(`Sandbox launcher failed: ${err.message}`);
    forward('SIGTERM');
    process.exitCode = 1;
  });
  sandbox.on('exit', (code, signal) => {
    // The sandbox normally stops its processes itself; not when it was killed or forced out. Its children (Azurite,
    // the host and its worker) share its process group. Its state file goes with the slot (releaseSlot, on exit).
    if (process.platform !== 'win32') killPid(-sandbox.pid!);
    const state = readSandboxStateFile(paths.stateFile);
    if (state && state.pid === sandbox.pid) for (const pid of Object.values(state.childPids)) killPid(pid);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

function summary(state: SandboxState, startupMs: number, paths: SandboxPaths, timings: Readonly<Record<string, number>>, mode: { watch: string; inspect?: string }): string {
  const phases = Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join('; ');
  const w = Math.max(...Object.keys(state.services).map((k) => k.length));
  const stateFile = shortPath(paths.stateFile);
  const fabric = (command: string) => `npm run fabric -- ${command}${paths.stateFile === DEFAULT_STATE_FILE ? '' : ` --state ${stateFile}`}`;
  const lines = [
    '',
    `Fabric remote endpoint sandbox is running (started in ${(startupMs / 1000).toFixed(1)} s). No Azure, no secrets: everything is local and in memory.`,
    `  (${phases})`,
    '',
    `  Endpoint base URL   ${state.baseUrl}`,
    '',
    ...Object.entries(state.services).map(([k, v]) => `  ${k.padEnd(w)}  ${v}`),
    '',
    `  Workload app        ${state.workload.backendAppId} (publisher tenant ${state.workload.publisherTenantId})`,
    `  Default user        ${state.user.upn} (tenant ${state.user.tenantId})`,
    `  Default workspace   ${state.workspaceId}`,
    '',
    `  Watch mode          ${mode.watch}`,
    ...(mode.inspect ? [`  Debugger            ${mode.inspect}`] : []),
    '',
    'Drive it from another terminal:',
    `  ${fabric('scenario')}            the whole story: item, job with progress, result, cancel, delete, restore`,
    `  ${fabric('help')}                every command (one per route)`,
    `  curl ${state.baseUrl}/health`,
    '',
    `Connection details for tools: ${stateFile} (mode 0600). Ctrl-C stops everything.`,
    '',
  ];
  return lines.join('\n');
}

async function inner(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const paths = JSON.parse(process.env[PATHS] ?? '') as SandboxPaths;
  const t0 = Number(process.env[T0] ?? Date.now());
  const certMs = Number(process.env[CERT_MS] ?? 0);
  const bundleMs = process.env[BUNDLE_MS] ? Number(process.env[BUNDLE_MS]) : undefined;
  const launcherPid = Number(process.env[LAUNCHER_PID] ?? 0);
  let hostReady = false;
  const pending: string[] = [];
  let sandbox: Sandbox | undefined;
  let watcher: SourceWatch | undefined;
  let shuttingDown = false;

  const shutdown = async (why: string, code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const parts = sandbox?.parts ?? ['the services started so far'];
    console.log(`\n${why}: stopping the sandbox (${parts.join(', ')}). Press Ctrl-C again to force.`);
    const t = Date.now();
    await watcher?.close();
    if (sandbox) await sandbox.stop();
    console.log(`Sandbox stopped in ${((Date.now() - t) / 1000).toFixed(1)} s; nothing left running.`);
    process.exit(code);
  };
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals === 1) return void shutdown(`Received ${signal}`, 0);
    console.log(`Received ${signal} again: killing everything now.`);
    process.exit(130);
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  guardOutput(() => void shutdown('The output was closed', 1));
  process.on('uncaughtException', (err) => {
    console.error(`Sandbox error: ${err.stack ?? err.message}`);
    void shutdown('Stopping after an unexpected error', 1);
  });
  // Last resort on every exit path: nothing keeps running, no state file points at a sandbox that is gone.
  process.on('exit', () => {
    sandbox?.kill();
    removeSandboxState(paths.stateFile);
  });
  // If the launcher disappears (killed hard), do not leave anything behind.
  const watchdog = setInterval(() => {
    if (launcherPid && process.ppid !== launcherPid) void shutdown('The launcher is gone', 1);
  }, 1000);
  watchdog.unref();

  const inspect = args.inspectPort === undefined ? undefined : `127.0.0.1:${args.inspectPort}`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startSandbox } = require('./sandbox') as typeof import('./sandbox');
    sandbox = await startSandbox({
      tlsDir: paths.tlsDir,
      stateFile: paths.stateFile,
      port: args.port,
      secretSource: args.secretSource,
      workerArguments: inspect ? `--inspect=${inspect}` : undefined,
      log: (line) => console.log(line),
      onHostOutput: (text) => {
        const lines = text.split('\n').filter((l) => l !== '').map((l) => `[host] ${l}`);
        if (hostReady) for (const l of lines) console.log(l);
        else pending.push(...lines);
      },
    });
  } catch (err) {
    console.error(pending.join('\n'));
    console.error(`Sandbox failed to start: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  }
  if (shuttingDown) return;
  const running = sandbox;
  let watchMode = 'off (--no-watch): restart `npm run dev` to run changed code';
  // One rebuild per change: a sandbox of its own (next to the one in the main slot, which rebuilds) does not watch.
  if (args.watch && !paths.main) watchMode = 'off in a sandbox of its own (the first sandbox rebuilds on changes): restart this one to run changed code';
  else if (args.watch) {
    watcher = watchSources({ dir: join(REPO_ROOT, 'src'), root: REPO_ROOT, reload: () => running.reloadHost(), log: (line) => console.log(line) });
    await watcher.ready;
    watchMode = 'on: a change under src/ rebuilds the app and restarts the host; the services keep their state';
  }
  console.log(
    summary(running.state, Date.now() - t0, paths, { ...(bundleMs === undefined ? {} : { bundle: bundleMs }), certificate: certMs, ...running.timings }, { watch: watchMode, inspect: inspect && `the app's worker listens on ${inspect} (VS Code: "Sandbox: npm run dev, attach to the app")` }),
  );
  hostReady = true;
}

if (process.env[INNER] === '1') void inner();
else
  launcher().catch((err: unknown) => {
    console.error(err instanceof UsageError ? err.message : `Sandbox failed to start: ${(err as Error)?.message ?? String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  });
