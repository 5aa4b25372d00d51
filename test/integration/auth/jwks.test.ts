/**
 * The JWKS key source against the local Entra ID over https: one fetch per process, outages (down, slow, garbage,
 * HTTP errors, redirects, weak or empty key sets), stale-if-error with its 24 h bound, rotation and kid floods.
 * Time is a manual clock and background work a manual scheduler: nothing waits for real cooldowns or timers.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LocalEntra } from '../../../devtools/local-entra/server';
import { fabricAppToken } from '../../../devtools/local-entra/fabric-tokens';
import { JwksKeySource, KeysUnavailable, SigningKeyNotFound } from '../../../src/auth/inbound';
import { createLogger } from '../../../src/observability/logger';
import { buildAuth, claimsOf, headerOf, startIdp, tls, workload, type TestAuth } from './harness';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
let idp: LocalEntra;
const open: TestAuth[] = [];
const fresh = (o: Parameters<typeof buildAuth>[1] = {}): TestAuth => {
  const t = buildAuth(idp, o);
  open.push(t);
  return t;
};
const token = (o: Parameters<typeof fabricAppToken>[2] = {}) => fabricAppToken(idp, workload, o);
const withKid = async (kid: string) => {
  const valid = await token();
  return idp.sign({ ...headerOf(valid), kid } as never, claimsOf(valid));
};
const failure = async (p: Promise<unknown>): Promise<unknown> => p.then(() => 'accepted', (err: unknown) => err);

beforeAll(async () => {
  idp = await startIdp();
});
afterEach(() => {
  idp.setJwksBehaviour(undefined);
  for (const t of open.splice(0)) t.auth.close();
});
afterAll(async () => {
  await idp.stop();
});

describe('JWKS key source', () => {
  it('fetches once for many requests, and concurrent first use shares that fetch', async () => {
    const t = fresh();
    const before = idp.jwksRequests;
    const tokens = await Promise.all(Array.from({ length: 20 }, () => token()));
    await Promise.all(tokens.map((x) => t.auth.validator.validate(x)));
    await Promise.all(tokens.map((x) => t.auth.validator.validate(x)));
    expect(idp.jwksRequests - before).toBe(1);
    expect(t.keys.status()).toMatchObject({ ready: true, keyCount: 1, fetchCount: 1, consecutiveFailures: 0 });
  });

  it('schedules a background refresh about every hour (jittered) and runs it without a request', async () => {
    const t = fresh();
    expect(await t.keys.prime()).toBe(true);
    const [task] = t.scheduler.pending();
    expect(task.delayMs).toBeGreaterThanOrEqual(0.9 * HOUR);
    expect(task.delayMs).toBeLessThanOrEqual(1.1 * HOUR);
    const before = idp.jwksRequests;
    t.clock.advance(task.delayMs);
    t.scheduler.runPending();
    await waitFor(() => idp.jwksRequests === before + 1 && t.scheduler.pending().length === 1);
    expect(t.scheduler.pending()).toHaveLength(1);
  });

  it('JWKS down at first use: 503-class KeysUnavailable with Retry-After, backoff, then recovery', async () => {
    const t = fresh();
    idp.setJwksBehaviour('down');
    const before = idp.jwksRequests;
    const err = await failure(t.auth.validator.validate(await token()));
    expect(err).toBeInstanceOf(KeysUnavailable);
    expect((err as KeysUnavailable).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(t.keys.status()).toMatchObject({ ready: false, fetchCount: 1, consecutiveFailures: 1, lastFailure: 'network error' });
    // One fetch attempt: a reset connection is retried once inside it (idempotent GET), never more.
    expect(idp.jwksRequests - before).toBe(2);
    // Within the backoff no request fetches again.
    await Promise.all(Array.from({ length: 10 }, async () => expect(await failure(t.auth.validator.validate(await token()))).toBeInstanceOf(KeysUnavailable)));
    expect(await t.keys.prime()).toBe(false);
    expect(t.keys.status().fetchCount).toBe(1);
    expect(idp.jwksRequests - before).toBe(2);
    // After the backoff, once Entra is back, the next request loads the keys.
    idp.setJwksBehaviour(undefined);
    t.clock.advance(60 * SECOND);
    await expect(t.auth.validator.validate(await token())).resolves.toMatchObject({ tid: workload.publisherTenantId });
    expect(t.keys.status()).toMatchObject({ ready: true, fetchCount: 2 });
    expect(idp.jwksRequests - before).toBe(3);
  });

  it('bounds a slow JWKS by the timeout', async () => {
    const t = fresh({ timeoutMs: 100 });
    idp.setJwksBehaviour({ status: 200, body: idp.jwks(), delayMs: 10_000 });
    const err = await failure(t.auth.validator.validate(await token()));
    expect(err).toBeInstanceOf(KeysUnavailable);
    expect((err as KeysUnavailable).reason).toBe('timed out');
  });

  it('bounds a JWKS whose body stalls after the headers', async () => {
    const server = https.createServer(tls(), (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys": [');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const keys = new JwksKeySource({ url: new URL(`https://localhost:${(server.address() as AddressInfo).port}/common/discovery/v2.0/keys`), timeoutMs: 100, schedule: () => () => undefined, log: createLogger({ log: () => undefined, warn: () => undefined, error: () => undefined }) });
      expect(await keys.prime()).toBe(false);
      expect(keys.status().lastFailure).toBe('timed out');
      keys.close();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('prime() (readiness) reports not ready when the JWKS is slow', async () => {
    const t = fresh({ timeoutMs: 100 });
    idp.setJwksBehaviour({ status: 200, body: idp.jwks(), delayMs: 10_000 });
    expect(await t.keys.prime()).toBe(false);
    expect(t.keys.status().lastFailure).toBe('timed out');
  });

  it.each([
    ['garbage JSON', () => 'garbage' as const, 'answer is not valid JSON'],
    ['HTTP 500', () => ({ status: 500, body: { error: 'x' } }), 'answered HTTP 500'],
    ['a redirect (not followed)', () => ({ status: 302, body: '', headers: { location: `${idp.origin}/common/discovery/v2.0/keys` } }), 'answered HTTP 302'],
    ['not JSON', () => ({ status: 200, body: '<html></html>', headers: { 'content-type': 'text/html' } }), 'answer is not JSON'],
    ['an empty key set', () => ({ status: 200, body: { keys: [] } }), 'document has no usable RSA signing key'],
    ['only keys under 2048 bits', () => ({ status: 200, body: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }), kid: 'weak', use: 'sig' }] } }), 'document has no usable RSA signing key'],
    ['a document that is too large', () => ({ status: 200, body: { keys: [], pad: 'x'.repeat(600 * 1024) } }), 'document is too large'],
  ])('refuses %s at first load (503) and after keys were loaded keeps the last good set', async (_name, behaviour, reason) => {
    const first = fresh();
    idp.setJwksBehaviour(behaviour());
    expect(await failure(first.auth.validator.validate(await token()))).toBeInstanceOf(KeysUnavailable);
    expect(first.keys.status().lastFailure).toBe(reason);

    idp.setJwksBehaviour(undefined);
    const t = fresh();
    const ok = await token();
    await t.auth.validator.validate(ok);
    idp.setJwksBehaviour(behaviour());
    t.clock.advance(HOUR);
    t.scheduler.runPending();
    await waitFor(() => t.keys.status().consecutiveFailures === 1);
    expect(t.keys.status()).toMatchObject({ ready: true, keyCount: 1, lastFailure: reason });
    await expect(t.auth.validator.validate(await token())).resolves.toBeDefined();
  });

  it('stale-if-error: serves the last good keys through an outage, for at most 24 h', async () => {
    const t = fresh({ cacheEntries: 0 });
    const long = { expiresInSeconds: 26 * 3600 };
    await t.auth.validator.validate(await token(long));
    idp.setJwksBehaviour('down');
    t.clock.advance(2 * HOUR);
    t.scheduler.runPending();
    await waitFor(() => t.keys.status().consecutiveFailures === 1);
    await expect(t.auth.validator.validate(await token(long))).resolves.toBeDefined();
    t.clock.advance(22 * HOUR + SECOND);
    const err = await failure(t.auth.validator.validate(await token(long)));
    expect(err).toBeInstanceOf(KeysUnavailable);
    expect(t.keys.status().ready).toBe(false);
    idp.setJwksBehaviour(undefined);
    t.clock.advance(HOUR);
    await expect(t.auth.validator.validate(await token(long))).resolves.toBeDefined();
  });

  it('rotation: a new kid is accepted after exactly one refetch (outside the 30 s cooldown)', async () => {
    const t = fresh();
    await t.auth.validator.validate(await token());
    const kid = await idp.rotateKey();
    const before = idp.jwksRequests;
    // Inside the cooldown the unknown kid is refused without a fetch.
    t.clock.advance(10 * SECOND);
    expect(await failure(t.auth.validator.validate(await token()))).toBeInstanceOf(SigningKeyNotFound);
    expect(idp.jwksRequests).toBe(before);
    t.clock.advance(21 * SECOND);
    const results = await Promise.all(Array.from({ length: 10 }, async () => t.auth.validator.validate(await token())));
    expect(results).toHaveLength(10);
    expect(idp.jwksRequests - before).toBe(1);
    expect(t.keys.peekKey(kid)).toBeDefined();
  });

  it('a flood of random kids causes at most one fetch per cooldown', async () => {
    const t = fresh();
    await t.auth.validator.validate(await token());
    const before = idp.jwksRequests;
    const flood = async () => Promise.all(Array.from({ length: 100 }, async () => failure(t.auth.validator.validate(await withKid(randomUUID())))));
    // Right after the load: no fetch at all.
    for (const err of await flood()) expect(err).toBeInstanceOf(SigningKeyNotFound);
    expect(idp.jwksRequests - before).toBe(0);
    // After the cooldown: one fetch for the whole flood, then none again.
    t.clock.advance(31 * SECOND);
    for (const err of await flood()) expect(err).toBeInstanceOf(SigningKeyNotFound);
    for (const err of await flood()) expect(err).toBeInstanceOf(SigningKeyNotFound);
    expect(idp.jwksRequests - before).toBe(1);
  });

  it('a flood of random kids during an outage: one fetch, answers stay 401 while keys are usable', async () => {
    const t = fresh();
    await t.auth.validator.validate(await token());
    idp.setJwksBehaviour('down');
    t.clock.advance(31 * SECOND);
    const before = t.keys.status().fetchCount;
    const requestsBefore = idp.jwksRequests;
    const flood = async () => {
      for (const err of await Promise.all(Array.from({ length: 50 }, async () => failure(t.auth.validator.validate(await withKid(randomUUID())))))) expect(err).toBeInstanceOf(SigningKeyNotFound);
    };
    await flood();
    expect(t.keys.status().fetchCount - before).toBe(1);
    t.clock.advance(10 * SECOND); // inside the cooldown
    await flood();
    expect(t.keys.status().fetchCount - before).toBe(1);
    t.clock.advance(21 * SECOND); // the next cooldown window: one more attempt
    await flood();
    expect(t.keys.status().fetchCount - before).toBe(2);
    expect(idp.jwksRequests - requestsBefore).toBe(4); // each attempt retried its reset connection once
    await expect(t.auth.validator.validate(await token())).resolves.toBeDefined();
  });

  it('a key withdrawn from the JWKS stops verifying tokens after the next refresh', async () => {
    const t = fresh({ cacheEntries: 0 });
    const old = await token();
    await t.auth.validator.validate(old);
    const oldKid = headerOf(old).kid as string;
    await idp.rotateKey();
    idp.retireKey(oldKid);
    t.clock.advance(HOUR);
    t.scheduler.runPending();
    await waitFor(() => t.keys.peekKey(oldKid) === undefined);
    expect(await failure(t.auth.validator.validate(old))).toBeInstanceOf(SigningKeyNotFound);
    await expect(t.auth.validator.validate(await token())).resolves.toBeDefined();
  });

  it('close() stops the background refresh', async () => {
    const t = fresh();
    await t.keys.prime();
    t.auth.close();
    expect(t.scheduler.pending()).toHaveLength(0);
  });
});

/** Polls a condition (background work finishing) with a short interval and a bounded number of tries. */
async function waitFor(condition: () => boolean, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met');
}
