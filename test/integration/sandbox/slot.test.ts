/**
 * Where a sandbox keeps its files (devtools/sandbox/slot.ts): the first start takes the work directory's main slot,
 * a second one on the same port is told which sandbox runs, one on another port (or --port 0) gets a directory of its
 * own, and what a killed sandbox left behind (its lock, its state file, its own directory) is taken over or removed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimSlot, mainPaths, ownPaths, releaseSlot } from '../../../devtools/sandbox/slot';

/** The pid of a process that has exited (a launcher killed without cleaning up). */
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());

describe('sandbox slots', () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'sandbox-slot-'));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it('gives the first start the main slot, with a lock naming its pid and port', () => {
    const claim = claimSlot(workDir, 7071);
    expect(claim).toEqual({ kind: 'claimed', paths: mainPaths(workDir) });
    expect(JSON.parse(readFileSync(join(workDir, 'sandbox', 'lock'), 'utf8'))).toEqual({ pid: process.pid, port: 7071 });
  });

  it('reports the running sandbox to a second start on the same port, with its state once written', () => {
    claimSlot(workDir, 7071);
    const starting = claimSlot(workDir, 7071, process.pid + 1);
    expect(starting).toEqual({ kind: 'running', pid: process.pid, state: undefined, stateFile: join(workDir, 'sandbox.json') });
    const state = { version: 1, pid: process.pid, baseUrl: 'http://127.0.0.1:7071/api' };
    writeFileSync(join(workDir, 'sandbox.json'), JSON.stringify(state));
    expect(claimSlot(workDir, 7071, process.pid + 1)).toMatchObject({ kind: 'running', state });
  });

  it('gives a start with --port 0 or another port a directory of its own, next to the running sandbox', () => {
    claimSlot(workDir, 7071);
    const other = 424242;
    expect(claimSlot(workDir, 0, other)).toEqual({ kind: 'claimed', paths: ownPaths(workDir, other) });
    expect(existsSync(join(workDir, 'sandboxes', String(other), 'lock'))).toBe(true);
    // A running sandbox that asked for any free port does not block a start on a fixed one.
    const free = mkdtempSync(join(tmpdir(), 'sandbox-slot-'));
    try {
      claimSlot(free, 0);
      expect(claimSlot(free, 7071, other)).toMatchObject({ kind: 'claimed', paths: { main: false } });
    } finally {
      rmSync(free, { recursive: true, force: true });
    }
  });

  it('takes over the lock and removes the state file of a sandbox whose launcher is gone', () => {
    const gone = deadPid();
    mkdirSync(join(workDir, 'sandbox'), { recursive: true });
    writeFileSync(join(workDir, 'sandbox', 'lock'), JSON.stringify({ pid: gone, port: 7071 }));
    writeFileSync(join(workDir, 'sandbox.json'), JSON.stringify({ version: 1, pid: gone }));
    expect(claimSlot(workDir, 7071)).toEqual({ kind: 'claimed', paths: mainPaths(workDir) });
    expect(existsSync(join(workDir, 'sandbox.json'))).toBe(false);
  });

  it('removes the directories of sandboxes of their own whose launcher is gone', () => {
    claimSlot(workDir, 7071);
    const gone = deadPid();
    const stale = ownPaths(workDir, gone);
    mkdirSync(stale.ownDir!, { recursive: true });
    writeFileSync(stale.lockFile, JSON.stringify({ pid: gone, port: 0 }));
    claimSlot(workDir, 0, 424243);
    expect(existsSync(stale.ownDir!)).toBe(false);
  });

  it('releases only its own slot: the main lock and state file, or its whole own directory', () => {
    const main = claimSlot(workDir, 7071);
    if (main.kind !== 'claimed') throw new Error('expected the main slot');
    writeFileSync(main.paths.stateFile, '{}');
    releaseSlot(main.paths, process.pid + 1);
    expect(existsSync(main.paths.lockFile)).toBe(true);
    releaseSlot(main.paths);
    expect([existsSync(main.paths.lockFile), existsSync(main.paths.stateFile)]).toEqual([false, false]);

    claimSlot(workDir, 7071);
    const own = claimSlot(workDir, 0, 424244);
    if (own.kind !== 'claimed') throw new Error('expected a slot of its own');
    releaseSlot(own.paths, 424244);
    expect(existsSync(own.paths.ownDir!)).toBe(false);
  });
});
