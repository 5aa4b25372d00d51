/**
 * The running sandbox's connection details, written to .cache/sandbox.json (mode 0600) so the Fabric simulator
 * finds it without flags. Removed when the sandbox stops.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../host/child-process';
import type { LocalUser, WorkloadIdentity } from '../local-entra/fabric-tokens';

export interface SandboxState {
  readonly version: 1;
  readonly pid: number;
  /** The sandbox's child processes (all stopped with it). */
  readonly childPids: Readonly<Record<string, number>>;
  readonly startedAt: string;
  /** The endpoint, e.g. http://127.0.0.1:7071/api */
  readonly baseUrl: string;
  /** The dev-only control API, e.g. http://127.0.0.1:41234/_local */
  readonly controlUrl: string;
  /** Sent as `x-sandbox-key` on every control API call. */
  readonly controlKey: string;
  readonly workload: WorkloadIdentity;
  /** Default caller (a user in a customer tenant). */
  readonly user: LocalUser;
  /** Default workspace; its OneLake container exists. */
  readonly workspaceId: string;
  readonly services: Readonly<Record<string, string>>;
}

export const DEFAULT_WORK_DIR = join(REPO_ROOT, '.cache');
export const DEFAULT_STATE_FILE = join(DEFAULT_WORK_DIR, 'sandbox.json');

export function stateFileIn(workDir: string): string {
  return join(workDir, 'sandbox.json');
}

export function writeSandboxState(state: SandboxState, file = DEFAULT_STATE_FILE): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function removeSandboxState(file = DEFAULT_STATE_FILE, pid = process.pid): void {
  const current = readSandboxStateFile(file);
  if (current && current.pid === pid) rmSync(file, { force: true });
}

/** The state file's content, whether or not its sandbox still runs. */
export function readSandboxStateFile(file: string): SandboxState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
    return s.version === 1 ? s : undefined;
  } catch {
    return undefined;
  }
}

/** True while process pid exists (also when it belongs to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGKILL to a process (or, negative, a process group) that may be gone already. */
export function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** The state of a sandbox that is still running, or undefined (no file, or its process is gone). */
export function readSandboxState(file = DEFAULT_STATE_FILE): SandboxState | undefined {
  const s = readSandboxStateFile(file);
  return s && isAlive(s.pid) ? s : undefined;
}
