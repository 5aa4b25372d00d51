/**
 * The azd postprovision hook that creates the long-running grant key (infra/hooks/postprovision.sh, and .ps1 where
 * PowerShell is installed). Azure cannot be reached from tests, so `az` is a small stand-in on PATH that keeps the
 * vault's secrets as files and logs its arguments; openssl and the shells are the real ones.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { REPO_ROOT } from './support/arm-template';

const FAKE_AZ = `#!/bin/sh
# Stand-in for 'az keyvault secret show|set': one file per secret under $FAKE_VAULT_DIR/secrets.
printf '%s\\n' "$*" >> "$FAKE_VAULT_DIR/argv.log"
[ "$1 $2" = "keyvault secret" ] || { echo "ERROR: unexpected command: $*" >&2; exit 2; }
op=$3; shift 3
name=; file=
while [ $# -gt 0 ]; do case "$1" in --name) name=$2; shift 2;; --file) file=$2; shift 2;; *) shift;; esac; done
n=$(cat "$FAKE_VAULT_DIR/forbidden" 2>/dev/null || echo 0)
if [ "$n" -gt 0 ]; then
  echo $((n - 1)) > "$FAKE_VAULT_DIR/forbidden"
  echo "ERROR: (Forbidden) Caller is not authorized to perform action on resource. Code: Forbidden" >&2; exit 1
fi
if [ -f "$FAKE_VAULT_DIR/fail" ]; then cat "$FAKE_VAULT_DIR/fail" >&2; exit 1; fi
case $op in
  show) [ -f "$FAKE_VAULT_DIR/secrets/$name" ] && { echo "https://kv-test.vault.azure.net/secrets/$name/v1"; exit 0; }
        echo "ERROR: (SecretNotFound) A secret with (name/id) $name was not found in this key vault." >&2; exit 1;;
  set) cat "$file" > "$FAKE_VAULT_DIR/secrets/$name"; echo "https://kv-test.vault.azure.net/secrets/$name/v2";;
  *) echo "ERROR: unexpected operation $op" >&2; exit 2;;
esac
`;

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, command))) return join(dir, command);
  return undefined;
}

const pwsh = findOnPath('pwsh');
const shells: [string, (script: string) => [string, string[]]][] = [
  ['postprovision.sh (sh)', () => ['sh', [join(REPO_ROOT, 'infra/hooks/postprovision.sh')]]],
  ...(pwsh ? [['postprovision.ps1 (pwsh)', () => [pwsh, ['-NoProfile', '-NonInteractive', '-File', join(REPO_ROOT, 'infra/hooks/postprovision.ps1')]]] as [string, (s: string) => [string, string[]]]] : []),
];

interface Vault {
  readonly dir: string;
  run(env: Record<string, string>): { status: number | null; output: string };
  secret(name: string): string | undefined;
  argv(): string;
}

function fakeVault(shell: (script: string) => [string, string[]]): Vault {
  const dir = mkdtempSync(join(tmpdir(), 'hook-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'secrets'));
  mkdirSync(join(dir, 'tmp'));
  writeFileSync(join(dir, 'bin', 'az'), FAKE_AZ);
  chmodSync(join(dir, 'bin', 'az'), 0o755);
  return {
    dir,
    run(env) {
      const [command, args] = shell('');
      const r = spawnSync(command, args, {
        env: { PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH}`, HOME: dir, TMPDIR: join(dir, 'tmp'), FAKE_VAULT_DIR: dir, AZURE_KEY_VAULT_NAME: 'kv-test', GRANT_KEY_HOOK_RETRY_SECONDS: '0', ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { status: r.status, output: `${r.stdout}${r.stderr}` };
    },
    secret: (name) => (existsSync(join(dir, 'secrets', name)) ? readFileSync(join(dir, 'secrets', name), 'utf8') : undefined),
    argv: () => (existsSync(join(dir, 'argv.log')) ? readFileSync(join(dir, 'argv.log'), 'utf8') : ''),
  };
}

describe.each(shells)('%s', (_name, shell) => {
  let vault: Vault;
  beforeEach(() => {
    vault = fakeVault(shell);
  });
  afterEach(() => rmSync(vault.dir, { recursive: true, force: true }));

  it('does nothing unless GRANT_DEPLOYER_ACCESS is true', () => {
    const r = vault.run({ GRANT_DEPLOYER_ACCESS: 'false' });
    expect(r.status).toBe(0);
    expect(r.output).toContain('not written (GRANT_DEPLOYER_ACCESS is not true)');
    expect(vault.argv()).toBe('');
  });

  it('creates a missing key: 32 random bytes, base64, never printed nor passed as an argument', () => {
    const r = vault.run({ GRANT_DEPLOYER_ACCESS: 'true' });
    expect(r).toMatchObject({ status: 0 });
    expect(r.output).toContain("created 'long-running-grant-key' in kv-test");
    const key = vault.secret('long-running-grant-key')!;
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(r.output).not.toContain(key);
    expect(vault.argv()).not.toContain(key);
    expect(vault.argv()).toMatch(/keyvault secret set --vault-name kv-test --name long-running-grant-key --file /);
    expect(readdirSync(join(vault.dir, 'tmp'))).toEqual([]); // no key file left behind
  });

  it('leaves an existing key unchanged (re-provisioning never rotates it)', () => {
    writeFileSync(join(vault.dir, 'secrets', 'long-running-grant-key'), 'existing');
    const r = vault.run({ GRANT_DEPLOYER_ACCESS: 'true' });
    expect(r.status).toBe(0);
    expect(r.output).toContain('already exists');
    expect(vault.secret('long-running-grant-key')).toBe('existing');
    expect(vault.argv()).not.toContain('secret set');
  });

  it('honours LONG_RUNNING_GRANT_KEY_NAME (and True spelled as azd may store it)', () => {
    expect(vault.run({ GRANT_DEPLOYER_ACCESS: 'True', LONG_RUNNING_GRANT_KEY_NAME: 'other-key' }).status).toBe(0);
    expect(vault.secret('other-key')).toBeDefined();
  });

  it('retries while the vault answers Forbidden (role assignment not applied yet), then creates the key', () => {
    writeFileSync(join(vault.dir, 'forbidden'), '2');
    const r = vault.run({ GRANT_DEPLOYER_ACCESS: 'true' });
    expect(r.status).toBe(0);
    expect(r.output.match(/retrying in 0s/g)).toHaveLength(2);
    expect(vault.secret('long-running-grant-key')).toBeDefined();
  });

  it('gives up after GRANT_KEY_HOOK_TRIES saying how to re-run it', () => {
    writeFileSync(join(vault.dir, 'forbidden'), '99');
    const r = vault.run({ GRANT_DEPLOYER_ACCESS: 'true', GRANT_KEY_HOOK_TRIES: '3' });
    expect(r.status).toBe(1);
    expect(r.output).toContain('still refuses access after 3 tries');
    expect(r.output).toContain('azd hooks run postprovision');
    expect(vault.secret('long-running-grant-key')).toBeUndefined();
  });

  it('fails on any other error, showing it (e.g. no such vault)', () => {
    writeFileSync(join(vault.dir, 'fail'), "ERROR: The Vault 'kv-test' not found within subscription.");
    const r = vault.run({ GRANT_DEPLOYER_ACCESS: 'true' });
    expect(r.status).toBe(1);
    expect(r.output).toContain("could not create 'long-running-grant-key' in kv-test");
    expect(r.output).toContain('not found within subscription');
  });

  it('fails clearly without a vault name', () => {
    const r = vault.run({ GRANT_DEPLOYER_ACCESS: 'true', AZURE_KEY_VAULT_NAME: '' });
    expect(r.status).toBe(1);
    expect(r.output).toContain('AZURE_KEY_VAULT_NAME is not set');
  });
});
