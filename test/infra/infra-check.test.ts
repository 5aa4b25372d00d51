import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPILE_TIMEOUT_MS, INFRA_DIR, REPO_ROOT } from './support/arm-template';

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runInfraCheck(env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile('bash', [join(REPO_ROOT, 'scripts', 'infra-check.sh')], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: COMPILE_TIMEOUT_MS }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function replaceOnce(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}: update this test`);
  writeFileSync(file, text.replace(from, to));
}

// The CLI exits 0 on warnings; scripts/infra-check.sh must still fail on them.
describe('scripts/infra-check.sh', () => {
  let dir: string;
  let result: RunResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'infra-check-'));
    const infra = join(dir, 'infra');
    cpSync(INFRA_DIR, infra, { recursive: true });
    // A compiler warning (unknown property) and a linter rule this repository raises to error (unused parameter).
    replaceOnce(join(infra, 'app', 'storage.bicep'), "    accessTier: 'Hot'\n", "    accessTier: 'Hot'\n    madeUpProperty: true\n");
    replaceOnce(join(infra, 'app', 'identity.bicep'), "param location string\n", "param location string\n\n@description('Unused.')\nparam leftover string\n");
    result = await runInfraCheck({ INFRA_DIR: infra, INFRA_OUT_DIR: join(dir, 'out') });
  }, COMPILE_TIMEOUT_MS);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on a compiler warning and on a linter finding, naming both', () => {
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('BCP037');
    expect(result.stderr).toContain('no-unused-params');
    expect(result.stderr).toMatch(/infra-check: FAILED: \d+ problem/);
  });

  it('publishes no compiled templates from a failing run', () => {
    expect(existsSync(join(dir, 'out', 'main.json'))).toBe(false);
  });
});
