/**
 * GET /api/health through the real host, with each dependency missing or failing in turn: the backend secret and the
 * grant key absent from the local Key Vault (the state right after `azd up`), the vault refusing the identity or
 * down, storage unreachable, the signing keys unavailable, and everything present. The host reads Key Vault through
 * the local managed identity, exactly as in Azure.
 */
import { freePort } from '../../../devtools/azurite';
import { randomBytes } from 'node:crypto';
import { startTestEnvironment, stopCheckingLogs, type TestEnvironment } from '../../support/environment';

interface Health {
  readonly status: number;
  readonly body: { status: string; checks: Record<string, string> };
  readonly text: string;
}

const BACKEND_SECRET = 'backend-client-secret';
const GRANT_KEY = 'long-running-grant-key';
const ALL_OK = { configuration: 'ok', signingKeys: 'ok', backendCredential: 'ok', longRunningGrantKey: 'ok', storage: 'ok' };

async function health(env: TestEnvironment): Promise<Health> {
  const res = await fetch(`${env.baseUrl}/health`);
  const text = await res.text();
  expect(res.headers.get('cache-control')).toBe('no-store');
  return { status: res.status, body: JSON.parse(text) as Health['body'], text };
}

/** Polls health until `done` holds (a fix shows once the short not-ready TTL and the source's backoff have passed). */
async function healthUntil(env: TestEnvironment, done: (h: Health) => boolean, timeoutMs = 30_000): Promise<Health> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const h = await health(env);
    if (done(h) || Date.now() > deadline) return h;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** No secret, key, vault address or error text in a health answer. */
function expectNothingLeaked(env: TestEnvironment, h: Health): void {
  for (const value of [env.backendClientSecret, env.keyVault?.url, env.idp.origin, env.workload.backendAppId, env.workload.publisherTenantId, ...(env.keyVault?.versions(GRANT_KEY).map((v) => v.value) ?? [])]) {
    if (value) expect(h.text).not.toContain(value);
  }
  expect(h.text).not.toMatch(/Error|stack|SecretNotFound|https?:/);
}

let fresh: TestEnvironment | undefined; // both secrets missing, as after `azd up`
let vaultFaults: TestEnvironment | undefined; // backend secret missing, then the vault refuses, then is down
let storageDown: TestEnvironment | undefined;
let keysDown: TestEnvironment | undefined;
let badConfig: TestEnvironment | undefined;

beforeAll(async () => {
  const port = await freePort();
  const key = /AccountKey=([^;]+)/.exec(process.env.AZURITE_CONNECTION_STRING!)![1];
  const dead = `https://localhost:${port}/devstoreaccount1`;
  [fresh, vaultFaults, storageDown, keysDown, badConfig] = await Promise.all([
    startTestEnvironment({ backendSecretSource: 'keyVault' }),
    startTestEnvironment({ backendSecretSource: 'keyVault' }),
    startTestEnvironment({ storage: { connectionString: `DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=${dead};QueueEndpoint=${dead};TableEndpoint=${dead};`, blobEndpoint: dead } }),
    startTestEnvironment(),
    startTestEnvironment({ env: { TENANT_ID: 'not-a-guid-value' } }),
  ]);
  // The host reads Key Vault on first use only, so removing the secrets now is the vault as `azd up` leaves it.
  fresh.keyVault!.deleteSecret(BACKEND_SECRET);
  fresh.keyVault!.deleteSecret(GRANT_KEY);
  vaultFaults.keyVault!.deleteSecret(BACKEND_SECRET);
}, 90_000);

afterAll(async () => {
  await stopCheckingLogs(fresh, vaultFaults, storageDown, keysDown, badConfig);
});

describe('after azd up, before the secrets are written', () => {
  it('is notReady (503) naming the backend credential and the grant key as missing, without leaking anything', async () => {
    const env = fresh!;
    const h = await health(env);
    expect({ status: h.status, body: h.body }).toEqual({ status: 503, body: { status: 'notReady', checks: { ...ALL_OK, backendCredential: 'missing', longRunningGrantKey: 'missing' } } });
    expectNothingLeaked(env, h);
  });

  it('concurrent health calls share one probe: at most one vault read per secret', async () => {
    const env = fresh!;
    const before = { secret: env.keyVault!.secretReads(BACKEND_SECRET).length, key: env.keyVault!.secretReads(GRANT_KEY).length };
    const answers = await Promise.all(Array.from({ length: 10 }, () => health(env)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(503));
    const reads = { secret: env.keyVault!.secretReads(BACKEND_SECRET).length - before.secret, key: env.keyVault!.secretReads(GRANT_KEY).length - before.key };
    expect(reads.secret).toBeLessThanOrEqual(1);
    expect(reads.key).toBeLessThanOrEqual(1);
  });

  it('with the backend secret written, still notReady naming only the grant key', async () => {
    const env = fresh!;
    env.keyVault!.setSecret(BACKEND_SECRET, env.backendClientSecret);
    const h = await healthUntil(env, (x) => x.body.checks.backendCredential === 'ok');
    expect({ status: h.status, body: h.body }).toEqual({ status: 503, body: { status: 'notReady', checks: { ...ALL_OK, longRunningGrantKey: 'missing' } } });
  });

  it('with the grant key written too, ready (200); while ready, health costs no Key Vault call', async () => {
    const env = fresh!;
    env.keyVault!.setSecret(GRANT_KEY, randomBytes(32).toString('base64'));
    const h = await healthUntil(env, (x) => x.status === 200);
    expect({ status: h.status, body: h.body }).toEqual({ status: 200, body: { status: 'ready', checks: ALL_OK } });
    expectNothingLeaked(env, h);
    const reads = env.keyVault!.secretReads().length;
    const answers = await Promise.all(Array.from({ length: 10 }, () => health(env)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(env.keyVault!.secretReads().length).toBe(reads);
  });
});

describe('Key Vault: missing, refused and down are told apart', () => {
  it('no backend secret in the vault: backendCredential missing, the grant key ok', async () => {
    const h = await health(vaultFaults!);
    expect({ status: h.status, body: h.body }).toEqual({ status: 503, body: { status: 'notReady', checks: { ...ALL_OK, backendCredential: 'missing' } } });
  });

  it('the vault refusing the identity (403): backendCredential denied', async () => {
    const env = vaultFaults!;
    env.keyVault!.setBehaviour({ status: 403, body: { error: { code: 'Forbidden', message: 'Caller is not authorized to perform action on resource.' } } });
    const h = await healthUntil(env, (x) => x.body.checks.backendCredential !== 'missing');
    expect({ status: h.status, body: h.body }).toEqual({ status: 503, body: { status: 'notReady', checks: { ...ALL_OK, backendCredential: 'denied' } } });
  });

  it('the vault down: backendCredential unavailable; the grant key read before keeps serving', async () => {
    const env = vaultFaults!;
    env.keyVault!.setBehaviour('down');
    try {
      const h = await healthUntil(env, (x) => x.body.checks.backendCredential !== 'denied');
      expect({ status: h.status, body: h.body }).toEqual({ status: 503, body: { status: 'notReady', checks: { ...ALL_OK, backendCredential: 'unavailable' } } });
    } finally {
      env.keyVault!.setBehaviour(undefined);
    }
  });
});

it('storage unreachable: notReady naming storage as unavailable', async () => {
  const h = await health(storageDown!);
  expect({ status: h.status, body: h.body }).toEqual({ status: 503, body: { status: 'notReady', checks: { ...ALL_OK, storage: 'unavailable' } } });
});

describe('signing keys', () => {
  it('unavailable (JWKS down at the first call): notReady naming the signing keys; ready as soon as they load', async () => {
    const env = keysDown!;
    env.idp.setJwksBehaviour('down');
    try {
      const h = await health(env);
      expect({ status: h.status, body: h.body }).toEqual({ status: 503, body: { status: 'notReady', checks: { ...ALL_OK, signingKeys: 'unavailable' } } });
    } finally {
      env.idp.setJwksBehaviour(undefined);
    }
    const h = await healthUntil(env, (x) => x.status === 200);
    expect({ status: h.status, body: h.body }).toEqual({ status: 200, body: { status: 'ready', checks: ALL_OK } });
  });

  it('all present: ready, and repeated calls fetch the JWKS no more', async () => {
    const env = keysDown!;
    const before = env.idp.jwksRequests;
    const answers = await Promise.all(Array.from({ length: 5 }, () => health(env)));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    expect(env.idp.jwksRequests).toBe(before);
    expectNothingLeaked(env, answers[0]);
  });
});

it('invalid configuration: notReady naming the configuration, nothing else checked, the bad value not echoed', async () => {
  const h = await health(badConfig!);
  expect({ status: h.status, body: h.body }).toEqual({
    status: 503,
    body: { status: 'notReady', checks: { configuration: 'invalid', signingKeys: 'notChecked', backendCredential: 'notChecked', longRunningGrantKey: 'notChecked', storage: 'notChecked' } },
  });
  expect(h.text).not.toContain('not-a-guid-value');
});
