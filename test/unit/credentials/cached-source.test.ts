import { CachedCredentialSource } from '../../../src/credentials/cached-source';
import { BackendCredentialUnavailableError, KeyVaultReadError } from '../../../src/credentials/errors';
import { environmentSecretSource } from '../../../src/credentials/sources';
import { createLogger } from '../../../src/observability/logger';

function harness(options: { readonly refreshMs?: number } = {}) {
  const lines: string[] = [];
  const log = createLogger({ log: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) });
  const state = { t: 0, value: 'v1', version: '1', fail: undefined as Error | undefined, loads: 0, gate: undefined as Promise<void> | undefined };
  const src = new CachedCredentialSource({
    type: 'KeyVaultSecret',
    description: "Key Vault https://kv.vault.azure.net secret 'backend-client-secret'",
    load: async () => {
      state.loads++;
      if (state.gate) await state.gate;
      if (state.fail) throw state.fail;
      return { material: { kind: 'secret', secret: state.value }, fingerprint: state.version };
    },
    refreshMs: options.refreshMs ?? 60_000,
    minRenewIntervalMs: 30_000,
    failureBackoffMs: 5_000,
    log,
    clock: { now: () => state.t },
  });
  return { src, state, lines };
}

const secretOf = async (src: CachedCredentialSource) => {
  const m = (await src.current()).material;
  return m.kind === 'secret' ? m.secret : undefined;
};

it('reads lazily, once for all concurrent callers', async () => {
  const { src, state } = harness();
  expect(state.loads).toBe(0);
  let open!: () => void;
  state.gate = new Promise((r) => (open = r));
  const all = Array.from({ length: 20 }, () => src.current());
  open();
  const snaps = await Promise.all(all);
  expect(state.loads).toBe(1);
  expect(new Set(snaps.map((s) => s.generation))).toEqual(new Set([1]));
});

it('re-reads after the refresh interval; a new version is a new generation', async () => {
  const { src, state, lines } = harness();
  await src.current();
  state.t = 59_999;
  await src.current();
  expect(state.loads).toBe(1);
  state.value = 'v2';
  state.version = '2';
  state.t = 60_000;
  expect((await src.current()).generation).toBe(2);
  expect(await secretOf(src)).toBe('v2');
  expect(lines.filter((l) => l.includes('changed (generation 2)'))).toHaveLength(1);
});

it('a failed scheduled re-read keeps serving the cached credential and backs off', async () => {
  const { src, state, lines } = harness();
  await src.current();
  state.fail = new KeyVaultReadError('https://kv.vault.azure.net', 'backend-client-secret', 'unavailable', 'ECONNRESET');
  state.t = 60_000;
  expect(await secretOf(src)).toBe('v1');
  expect(state.loads).toBe(2);
  state.t = 61_000;
  await src.current();
  expect(state.loads).toBe(2);
  expect(lines.filter((l) => l.startsWith('warn'))).toHaveLength(1);
});

it('cold-start failure: 503, one error line naming the source (never the value), no retry storm, then recovery', async () => {
  const { src, state, lines } = harness();
  state.fail = new KeyVaultReadError('https://kv.vault.azure.net', 'backend-client-secret', 'unavailable', 'RestError ECONNREFUSED');
  const errs = await Promise.all(Array.from({ length: 10 }, () => src.current().catch((e: unknown) => e)));
  expect(errs.every((e) => e instanceof BackendCredentialUnavailableError)).toBe(true);
  expect((errs[0] as BackendCredentialUnavailableError).toBody()).toMatchObject({ errorCode: 'BackendCredentialUnavailable', isPermanent: false });
  expect((errs[0] as BackendCredentialUnavailableError).headers['Retry-After']).toBe('5');
  expect(state.loads).toBe(1);
  const errorLines = lines.filter((l) => l.startsWith('error'));
  expect(errorLines).toHaveLength(1);
  expect(errorLines[0]).toContain("Backend credential could not be read: Key Vault https://kv.vault.azure.net secret 'backend-client-secret'");
  expect(errorLines[0]).toContain('ECONNREFUSED');
  state.t = 4_999;
  await expect(src.current()).rejects.toBeInstanceOf(BackendCredentialUnavailableError);
  expect(state.loads).toBe(1);
  state.fail = undefined;
  state.t = 5_000;
  expect(await secretOf(src)).toBe('v1');
});

it('a missing secret or access denied asks the caller to come back later (60 s)', async () => {
  const { src, state } = harness();
  state.fail = new KeyVaultReadError('https://kv.vault.azure.net', 'backend-client-secret', 'not-found', 'SecretNotFound');
  const e = (await src.current().catch((x: unknown) => x)) as BackendCredentialUnavailableError;
  expect(e.headers['Retry-After']).toBe('60');
});

describe('renew (invalid_client)', () => {
  it('true when the re-read brought a new credential', async () => {
    const { src, state } = harness();
    const g = (await src.current()).generation;
    state.value = 'v2';
    state.version = '2';
    expect(await src.renew(g)).toBe(true);
    expect(await secretOf(src)).toBe('v2');
  });

  it('false when the credential did not change, and no second re-read within the interval', async () => {
    const { src, state } = harness();
    const g = (await src.current()).generation;
    expect(await src.renew(g)).toBe(false);
    expect(await src.renew(g)).toBe(false);
    expect(state.loads).toBe(2);
    state.t = 30_000;
    expect(await src.renew(g)).toBe(false);
    expect(state.loads).toBe(3);
  });

  it('concurrent callers share one re-read; a caller holding an older generation is told to retry at once', async () => {
    const { src, state } = harness();
    const g = (await src.current()).generation;
    state.value = 'v2';
    state.version = '2';
    const results = await Promise.all(Array.from({ length: 5 }, () => src.renew(g)));
    expect(results).toEqual([true, true, true, true, true]);
    expect(state.loads).toBe(2);
    expect(await src.renew(g)).toBe(true);
    expect(state.loads).toBe(2);
  });
});

describe('EnvironmentSecret', () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, log: createLogger({ log: (m: string) => lines.push(m), warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(m) }) };
  };

  it('warns once when used outside Development, naming the setting and not the value', async () => {
    const { lines, log } = capture();
    const src = environmentSecretSource('s3cr3t-value', { isDevelopment: false, log });
    await src.current();
    await src.current();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn BACKEND_CLIENT_SECRET \(EnvironmentSecret\) is in use outside Development/);
    expect(lines[0]).not.toContain('s3cr3t');
  });

  it('is silent in Development and cannot be renewed', async () => {
    const { lines, log } = capture();
    const src = environmentSecretSource('dev-secret', { isDevelopment: true, log });
    const g = (await src.current()).generation;
    expect(await src.renew(g)).toBe(false);
    expect(lines).toEqual([]);
  });
});
