/**
 * Where a sandbox keeps its files, and the lock that makes a second `npm run dev` find the first instead of
 * overwriting its certificate and state.
 *
 * The first sandbox of a work directory (default .cache) owns its main slot: sandbox.json (what `npm run fabric`
 * reads by default) and sandbox/tls. The slot is claimed with a lock file created exclusively (sandbox/lock, holding
 * the launcher's pid): a second start finds it, and a lock whose process is gone is taken over. A start that asks for
 * the port the running one asked for (the default 7071 included) is refused; one with --port 0 (or another port) is
 * a sandbox of its own on purpose, with its own directory sandboxes/<pid>/ (sandbox.json, tls/, lock), removed when
 * it stops.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, readSandboxState, type SandboxState } from './state';

export interface SandboxPaths {
  /** The work directory's main slot (its sandbox.json is the simulator's default), or a sandbox of its own. */
  readonly main: boolean;
  readonly stateFile: string;
  readonly tlsDir: string;
  readonly lockFile: string;
  /** Removed with the sandbox (only for a sandbox of its own). */
  readonly ownDir?: string;
}

interface Lock {
  readonly pid: number;
  /** The port asked for (0 = any free port). */
  readonly port: number;
}

export type Claim =
  | { readonly kind: 'claimed'; readonly paths: SandboxPaths }
  /** A sandbox already runs in the main slot and asked for the same port: nothing was changed. */
  | { readonly kind: 'running'; readonly pid: number; readonly state?: SandboxState; readonly stateFile: string };

export function mainPaths(workDir: string): SandboxPaths {
  return { main: true, stateFile: join(workDir, 'sandbox.json'), tlsDir: join(workDir, 'sandbox', 'tls'), lockFile: join(workDir, 'sandbox', 'lock') };
}

export function ownPaths(workDir: string, pid: number): SandboxPaths {
  const dir = join(workDir, 'sandboxes', String(pid));
  return { main: false, stateFile: join(dir, 'sandbox.json'), tlsDir: join(dir, 'tls'), lockFile: join(dir, 'lock'), ownDir: dir };
}

function readLock(file: string): Lock | undefined {
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as Partial<Lock>;
    return typeof lock.pid === 'number' && typeof lock.port === 'number' ? (lock as Lock) : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the lock file exclusively; false if it exists. */
function createLock(file: string, lock: Lock): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(lock));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Removes the directories of sandboxes of their own whose launcher is gone (killed without cleaning up). */
function removeStaleOwnDirs(workDir: string): void {
  const root = join(workDir, 'sandboxes');
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const lock = readLock(join(root, name, 'lock'));
    if (!lock || !isAlive(lock.pid)) rmSync(join(root, name), { recursive: true, force: true });
  }
}

/**
 * Claims a place for a new sandbox started by process `pid` asking for `port`. Takes the main slot when it is free
 * (or its lock is stale), a directory of its own when the running sandbox asked for another port, and otherwise
 * reports the running one.
 */
export function claimSlot(workDir: string, port: number, pid = process.pid): Claim {
  const main = mainPaths(workDir);
  mkdirSync(join(workDir, 'sandbox'), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    if (createLock(main.lockFile, { pid, port })) return { kind: 'claimed', paths: main };
    const holder = readLock(main.lockFile);
    if (holder && isAlive(holder.pid)) {
      if (holder.port !== 0 && holder.port === port) return { kind: 'running', pid: holder.pid, state: readSandboxState(main.stateFile), stateFile: main.stateFile };
      break;
    }
    // Its launcher is gone: the lock (and any state file it left) is stale.
    rmSync(main.lockFile, { force: true });
    if (!readSandboxState(main.stateFile)) rmSync(main.stateFile, { force: true });
  }
  removeStaleOwnDirs(workDir);
  const own = ownPaths(workDir, pid);
  mkdirSync(own.ownDir!, { recursive: true });
  if (!createLock(own.lockFile, { pid, port })) throw new Error(`${own.lockFile} exists: another sandbox uses this directory`);
  return { kind: 'claimed', paths: own };
}

/** Gives the place back: the lock (if still ours), the state file, and a sandbox's own directory. */
export function releaseSlot(paths: SandboxPaths, pid = process.pid): void {
  if (readLock(paths.lockFile)?.pid !== pid) return;
  if (paths.ownDir) {
    rmSync(paths.ownDir, { recursive: true, force: true });
    return;
  }
  rmSync(paths.stateFile, { force: true });
  rmSync(paths.lockFile, { force: true });
}
