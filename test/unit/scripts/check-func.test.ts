import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findOnPath, coreToolsProblem } = require(join(root, 'scripts', 'check-func.cjs')) as {
  findOnPath: (name: string, env: Record<string, string | undefined>, platform?: string) => string | undefined;
  coreToolsProblem: (version: string | undefined) => string | undefined;
};

describe('npm start checks for Core Tools first', () => {
  it('runs the check before the build', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prestart).toMatch(/^node scripts\/check-func\.cjs && npm run build$/);
    expect(pkg.scripts.start).toBe('func start');
  });

  it('without Core Tools says what to run instead and how to get them', () => {
    const problem = coreToolsProblem(undefined)!;
    expect(problem).toContain('no `func` on PATH');
    expect(problem).toContain('npm run dev');
    expect(problem).toContain('npm run host');
    expect(problem).toContain('npm install -g azure-functions-core-tools@4');
  });

  it('refuses Core Tools older than 4 (or a func that does not answer) and accepts 4 and newer', () => {
    for (const v of ['3.0.3904', '2.7.1', '', 'garbage']) expect(coreToolsProblem(v)).toContain('needs Azure Functions Core Tools 4');
    for (const v of ['4.0.7030', '4.2.1\n', '5.0.0']) expect(coreToolsProblem(v)).toBeUndefined();
  });

  describe('findOnPath', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'check-func-'));
      mkdirSync(join(dir, 'a'));
      mkdirSync(join(dir, 'b'));
      mkdirSync(join(dir, 'c', 'func'), { recursive: true });
      writeFileSync(join(dir, 'b', 'func'), '#!/bin/sh\n');
      chmodSync(join(dir, 'b', 'func'), 0o755);
      writeFileSync(join(dir, 'a', 'func.cmd'), '@echo off\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('finds func in the first PATH entry that has it, and skips a directory of that name', () => {
      const path = [join(dir, 'c'), join(dir, 'a'), join(dir, 'b')].join(delimiter);
      expect(findOnPath('func', { PATH: path }, 'linux')).toBe(join(dir, 'b', 'func'));
    });

    it('tries PATHEXT on Windows (func.cmd)', () => {
      expect(findOnPath('func', { Path: [join(dir, 'a'), join(dir, 'b')].join(';'), PATHEXT: '.exe;.cmd' }, 'win32')).toBe(join(dir, 'a', 'func.cmd'));
    });

    it('answers undefined when no PATH entry has it', () => {
      expect(findOnPath('func', { PATH: join(dir, 'a') }, 'linux')).toBeUndefined();
      expect(findOnPath('func', {}, 'linux')).toBeUndefined();
    });
  });
});
