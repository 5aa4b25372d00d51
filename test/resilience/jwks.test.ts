/**
 * JWKS endpoint faults, through the real host (one fresh host per cold scenario, so the first JWKS load meets the
 * fault): down, slow, garbage, and key rotation. While the endpoint cannot verify tokens it answers 503
 * SigningKeysUnavailable (retryable, Retry-After) within a bounded time, never 500; once the JWKS is back it recovers
 * by itself. With keys already loaded an outage changes nothing (stale-if-error). A new key is picked up after the
 * unknown-kid cooldown with exactly one more fetch.
 */
import { startTestEnvironment, stopCheckingLogs, type TestEnvironment } from '../support/environment';
import { ANSWER_BOUND_MS, expectErrorBody, expectRetryable503, send, until, type Answer } from './support/answers';

const RESOLVE_BODY = JSON.stringify({ context: [{ name: 'EndpointName', value: 'resilience' }] });
/** The key source's cool-down between fetches caused by unknown kids (src/auth/inbound/key-source.ts). */
const UNKNOWN_KID_COOLDOWN_MS = 30_000;

const resolveEndpoint = async (env: TestEnvironment): Promise<Answer> => send(env.baseUrl, 'POST', 'resolve-endpoint', { headers: await env.headers(), body: RESOLVE_BODY });
const health = (env: TestEnvironment): Promise<Answer> => send(env.baseUrl, 'GET', 'health');

/** Polls until an authenticated call succeeds; the endpoint must get there by itself (no restart, no request storm). */
const recovered = (env: TestEnvironment): Promise<Answer> =>
  until('authenticated call succeeds again', async () => {
    const a = await resolveEndpoint(env);
    return a.status === 200 ? a : undefined;
  }, ANSWER_BOUND_MS, 250);

let down: TestEnvironment;
let slow: TestEnvironment;
let garbage: TestEnvironment;
let rotation: TestEnvironment;
let rotationScenario: Promise<void>;

/**
 * Key rotation as a scenario that runs in the background while the other tests run (it has to wait out the
 * unknown-kid cool-down): first request loads the keys; the IdP then publishes and signs with a new key; inside the
 * cool-down such tokens are refused (401) without a fetch per request; after it, one refetch and they are accepted.
 */
async function rotationRun(env: TestEnvironment): Promise<void> {
  expect((await resolveEndpoint(env)).status).toBe(200);
  const firstFetchAt = Date.now();
  const fetches = env.idp.jwksRequests;
  await env.idp.rotateKey();
  const early = await Promise.all(Array.from({ length: 20 }, () => resolveEndpoint(env)));
  for (const a of early) {
    expect(a.status).toBe(401);
    expect(expectErrorBody(a).errorCode).toBe('InvalidToken');
  }
  expect(env.idp.jwksRequests).toBe(fetches);
  const wait = firstFetchAt + UNKNOWN_KID_COOLDOWN_MS + 500 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const later = await Promise.all(Array.from({ length: 20 }, () => resolveEndpoint(env)));
  expect(later.map((a) => a.status)).toEqual(Array(20).fill(200));
  expect(env.idp.jwksRequests).toBe(fetches + 1);
}

beforeAll(async () => {
  [down, slow, garbage, rotation] = await Promise.all([startTestEnvironment(), startTestEnvironment(), startTestEnvironment(), startTestEnvironment()]);
  rotationScenario = rotationRun(rotation);
  rotationScenario.catch(() => undefined); // reported by its own test below
}, 60_000);

afterAll(async () => {
  await rotationScenario?.catch(() => undefined);
  await stopCheckingLogs(down, slow, garbage, rotation);
});

describe('JWKS unreachable at the first request (connection reset)', () => {
  it('answers 503 SigningKeysUnavailable at once, health says not ready, and recovers by itself', async () => {
    down.idp.setJwksBehaviour('down');
    const a = await resolveEndpoint(down);
    expectRetryable503(a, 'SigningKeysUnavailable');
    const h = await health(down);
    expect({ status: h.status, body: h.body }).toMatchObject({ status: 503, body: { status: 'notReady', checks: { signingKeys: 'unavailable' } } });

    down.idp.setJwksBehaviour(undefined);
    await recovered(down);
    expect((await health(down)).status).toBe(200);
  });

  it('with keys loaded, a later outage changes nothing (last good keys are kept)', async () => {
    down.idp.setJwksBehaviour('down');
    try {
      expect((await resolveEndpoint(down)).status).toBe(200);
      expect((await health(down)).status).toBe(200);
    } finally {
      down.idp.setJwksBehaviour(undefined);
    }
  });
});

describe('JWKS slower than the fetch timeout', () => {
  it('answers 503 within the bound instead of waiting for it, and recovers by itself', async () => {
    slow.idp.setJwksBehaviour({ status: 200, body: slow.idp.jwks(), delayMs: 60_000 });
    const a = await resolveEndpoint(slow);
    expectRetryable503(a, 'SigningKeysUnavailable');
    expect(a.ms).toBeLessThan(ANSWER_BOUND_MS);

    slow.idp.setJwksBehaviour(undefined);
    await recovered(slow);
  });
});

describe('JWKS answering garbage at the first requests', () => {
  it('invalid JSON, HTTP 500, an HTML page, a set without usable keys: 503 for each, then recovers by itself', async () => {
    const behaviours = [
      'garbage' as const,
      { status: 500, body: { error: 'server_error' } },
      { status: 200, body: '<html>oops</html>', headers: { 'content-type': 'text/html' } },
      { status: 200, body: { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'x' }] } },
    ];
    for (const behaviour of behaviours) {
      garbage.idp.setJwksBehaviour(behaviour);
      const fetches = garbage.idp.jwksRequests;
      // Each call is answered at once; the next fetch (after the bootstrap back-off) meets this kind of garbage.
      await until('a JWKS fetch meets the garbage', async () => {
        expectRetryable503(await resolveEndpoint(garbage), 'SigningKeysUnavailable');
        return garbage.idp.jwksRequests > fetches ? true : undefined;
      }, ANSWER_BOUND_MS, 250);
      expectRetryable503(await resolveEndpoint(garbage), 'SigningKeysUnavailable');
    }
    garbage.idp.setJwksBehaviour(undefined);
    await recovered(garbage);
  }, 60_000);
});

describe('key rotation', () => {
  it('a token signed with a newly published key: 401 during the cool-down (no fetch storm), accepted after one refetch', async () => {
    await rotationScenario;
  }, 60_000);
});
