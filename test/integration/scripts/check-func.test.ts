/** `node scripts/check-func.cjs` (npm's prestart) as npm runs it: exit code and stderr, with a controlled PATH. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const nodeDir = dirname(process.execPath);

function runCheck(extraPathDir?: string): { status: number | null; stderr: string } {
  const PATH = [extraPathDir, nodeDir].filter(Boolean).join(delimiter);
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'check-func.cjs')], { cwd: root, env: { PATH }, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe.each(process.platform === 'win32' ? [] : ['posix'])('scripts/check-func.cjs (%s)', () => {
  let dir: string;
  const fakeFunc = (version: string) => {
    writeFileSync(join(dir, 'func'), `#!/bin/sh\necho ${version}\n`);
    chmodSync(join(dir, 'func'), 0o755);
  };
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fake-func-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 naming npm run dev and npm run host when func is not on PATH', () => {
    const { status, stderr } = runCheck(dir);
    expect(status).toBe(1);
    expect(stderr).toContain('Azure Functions Core Tools are not installed');
    expect(stderr).toContain('npm run dev');
    expect(stderr).toContain('npm run host');
  });

  it('exits 0 with Core Tools 4', () => {
    fakeFunc('4.0.7030');
    expect(runCheck(dir)).toEqual({ status: 0, stderr: '' });
  });

  it('exits 1 with Core Tools 3', () => {
    fakeFunc('3.0.3904');
    const { status, stderr } = runCheck(dir);
    expect(status).toBe(1);
    expect(stderr).toContain('`func --version` says 3.0.3904');
  });
});
