/**
 * `npm run dev`: the sandbox in one command (see sandbox.ts). Ctrl-C stops everything and leaves nothing running.
 *
 * Two processes, so that the sandbox trusts the certificate it makes: the launcher (this file, started by npm)
 * generates a fresh localhost certificate, then runs the sandbox as a child with NODE_EXTRA_CA_CERTS pointing at it
 * (Node reads that variable only at start). The child has its own process group: Ctrl-C reaches the launcher, which
 * forwards it, and the sandbox stops the host first, then every service. The sandbox also stops if the launcher dies.
 *
 *   node dist/devtools/sandbox/cli.js [--port <n>] [--secret-from-env]
 */
import { spawn } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { createLocalCertificate } from '../tls';
import { startSandbox, type Sandbox } from './sandbox';
import { DEFAULT_WORK_DIR, stateFileIn, type SandboxState } from './state';

const INNER = 'FABRIC_SANDBOX_INNER';
const T0 = 'FABRIC_SANDBOX_T0';
const LAUNCHER_PID = 'FABRIC_SANDBOX_LAUNCHER_PID';
const CERT_MS = 'FABRIC_SANDBOX_CERT_MS';
const tlsDirIn = (workDir: string) => join(workDir, 'sandbox', 'tls');

interface Args {
  port?: number;
  secretSource: 'keyVault' | 'environment';
  /** Where sandbox.json and the certificate go (default .cache). */
  workDir: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { secretSource: 'keyVault', workDir: DEFAULT_WORK_DIR };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') args.port = Number(argv[++i]);
    else if (a.startsWith('--port=')) args.port = Number(a.slice(7));
    else if (a === '--work-dir') args.workDir = resolve(argv[++i] ?? '');
    else if (a.startsWith('--work-dir=')) args.workDir = resolve(a.slice(11));
    else if (a === '--secret-from-env') args.secretSource = 'environment';
    else if (a === '--help' || a === '-h') {
      console.log('Usage: npm run dev [-- --port <n>] [--secret-from-env] [--work-dir <dir>]\n  PORT also sets the host port (default 7071; 0 = any free port). --work-dir holds sandbox.json and the certificate (default .cache).');
      process.exit(0);
    } else throw new Error(`Unknown argument "${a}"`);
  }
  if (args.port === undefined && process.env.PORT) args.port = Number(process.env.PORT);
  if (args.port !== undefined && (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535)) throw new Error('--port must be a port number');
  return args;
}

async function launcher(): Promise<void> {
  const t0 = Date.now();
  const args = parseArgs(process.argv.slice(2));
  const cert = await createLocalCertificate(tlsDirIn(args.workDir));
  const child = spawn(process.execPath, [__filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    detached: true,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: cert.certPath, [INNER]: '1', [T0]: String(t0), [CERT_MS]: String(Date.now() - t0), [LAUNCHER_PID]: String(process.pid) },
  });
  const forward = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => forward(s));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function summary(state: SandboxState, startupMs: number, stateFile: string, timings: Readonly<Record<string, number>>): string {
  const phases = Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join('; ');
  const w = Math.max(...Object.keys(state.services).map((k) => k.length));
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
    'Drive it from another terminal:',
    '  npm run fabric -- scenario            the whole story: item, job with progress, result, cancel, delete, restore',
    '  npm run fabric -- help                every command (one per route)',
    `  curl ${state.baseUrl}/health`,
    '',
    `Connection details for tools: ${relative(process.cwd(), stateFile) || stateFile} (mode 0600). Ctrl-C stops everything.`,
    '',
  ];
  return lines.join('\n');
}

async function inner(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const t0 = Number(process.env[T0] ?? Date.now());
  const certMs = Number(process.env[CERT_MS] ?? 0);
  const launcherPid = Number(process.env[LAUNCHER_PID] ?? 0);
  let hostReady = false;
  const pending: string[] = [];
  let sandbox: Sandbox | undefined;
  let shuttingDown = false;

  const shutdown = async (why: string, code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`\n${why}: stopping the sandbox…`);
    if (sandbox) await sandbox.stop();
    console.log('Sandbox stopped; nothing left running.');
    process.exit(code);
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, () => void shutdown(`Received ${s}`, 0));
  process.on('exit', () => sandbox?.kill());
  // If the launcher disappears (killed hard), do not leave anything behind.
  const watchdog = setInterval(() => {
    if (launcherPid && process.ppid !== launcherPid) void shutdown('The launcher is gone', 1);
  }, 1000);
  watchdog.unref();

  try {
    sandbox = await startSandbox({
      tlsDir: tlsDirIn(args.workDir),
      stateFile: stateFileIn(args.workDir),
      port: args.port,
      secretSource: args.secretSource,
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
  console.log(summary(sandbox.state, Date.now() - t0, stateFileIn(args.workDir), { certificate: certMs, ...sandbox.timings }));
  hostReady = true;
}

if (process.env[INNER] === '1') void inner();
else
  launcher().catch((err: unknown) => {
    console.error(`Sandbox failed to start: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  });
