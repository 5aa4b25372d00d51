/**
 * The verified-token cache inside the validator: a token is stored on its first successful validation, later
 * presentations skip signature work, but every hit re-checks the lifetime (and that the signing key is still
 * published); failures are never cached.
 */
import type { LocalEntra } from '../../../devtools/local-entra/server';
import { fabricAppToken } from '../../../devtools/local-entra/fabric-tokens';
import { SigningKeyNotFound, TokenInvalid, type SigningKeySource } from '../../../src/auth/inbound';
import { CLOCK_TOLERANCE_SECONDS } from '../../../src/auth/inbound/lifetime';
import { buildAuth, claimsOf, headerOf, startIdp, workload, type TestAuth } from './harness';

let idp: LocalEntra;
let t: TestAuth;
let getKeyCalls = 0;
const counting = (keys: SigningKeySource): SigningKeySource => ({
  getKey: (kid) => {
    getKeyCalls++;
    return keys.getKey(kid);
  },
  peekKey: (kid) => keys.peekKey(kid),
  prime: () => keys.prime(),
  status: () => keys.status(),
  close: () => keys.close(),
});
const reason = (p: Promise<unknown>) => p.then(() => 'accepted', (err: unknown) => (err instanceof TokenInvalid ? err.reason : err));
/** Validates a token once, which stores it in the cache (one key lookup). */
const cache = async (token: string): Promise<void> => {
  await t.auth.validator.validate(token);
};

beforeAll(async () => {
  idp = await startIdp();
});
beforeEach(() => {
  t = buildAuth(idp, { wrapKeys: counting });
  getKeyCalls = 0;
});
afterEach(() => t.auth.close());
afterAll(async () => {
  await idp.stop();
});

describe('verified-token cache', () => {
  it('verifies a repeated token once, then answers from the cache', async () => {
    const token = await fabricAppToken(idp, workload);
    const first = await t.auth.validator.validate(token);
    expect(getKeyCalls).toBe(1);
    for (let i = 0; i < 5; i++) expect(await t.auth.validator.validate(token)).toEqual(first);
    expect(getKeyCalls).toBe(1);
  });

  it('is a bounded LRU: a reused token stays cached between one-off tokens, the least recent goes', async () => {
    const small = buildAuth(idp, { cacheEntries: 3, wrapKeys: counting });
    try {
      const reused = await fabricAppToken(idp, workload);
      await small.auth.validator.validate(reused);
      const oneOffs = await Promise.all(Array.from({ length: 10 }, () => fabricAppToken(idp, workload)));
      getKeyCalls = 0;
      for (const token of oneOffs) {
        await small.auth.validator.validate(token);
        await small.auth.validator.validate(reused);
      }
      expect(getKeyCalls).toBe(10); // one per one-off; the reused token always answered from the cache
      await small.auth.validator.validate(oneOffs[0]);
      expect(getKeyCalls).toBe(11); // long since evicted
    } finally {
      small.auth.close();
    }
  });

  it('re-checks exp on every hit: an expired token is rejected even though it is cached', async () => {
    const token = await fabricAppToken(idp, workload, { expiresInSeconds: 60 });
    await cache(token);
    t.clock.advance((60 + CLOCK_TOLERANCE_SECONDS - 5) * 1000);
    expect(await reason(t.auth.validator.validate(token))).toBe('accepted');
    t.clock.advance(10 * 1000);
    expect(await reason(t.auth.validator.validate(token))).toBe('is expired');
    expect(getKeyCalls).toBe(1); // refused from the cache entry, which is then dropped
    expect(await reason(t.auth.validator.validate(token))).toBe('is expired');
    expect(getKeyCalls).toBe(2);
  });

  it('re-checks nbf on every hit (the clock stepped back)', async () => {
    const token = await fabricAppToken(idp, workload);
    await cache(token);
    t.clock.advance(-(CLOCK_TOLERANCE_SECONDS + 10) * 1000);
    expect(await reason(t.auth.validator.validate(token))).toBe('is not yet valid (nbf)');
  });

  it('never caches a failure', async () => {
    const valid = await fabricAppToken(idp, workload);
    const [h, p] = valid.split('.');
    const forged = `${h}.${p}.${(await fabricAppToken(idp, workload)).split('.')[2]}`;
    expect(await reason(t.auth.validator.validate(forged))).toBe('signature is invalid');
    expect(await reason(t.auth.validator.validate(forged))).toBe('signature is invalid');
    expect(getKeyCalls).toBe(2);
    const wrongAudience = await fabricAppToken(idp, workload, { claims: { aud: 'api://other' } });
    expect(await reason(t.auth.validator.validate(wrongAudience))).toBe('audience mismatch');
    expect(await reason(t.auth.validator.validate(wrongAudience))).toBe('audience mismatch');
    expect(getKeyCalls).toBe(4);
  });

  it('keys on the exact bytes: a re-spelled token is not a hit', async () => {
    const token = await fabricAppToken(idp, workload);
    await cache(token);
    // Same claims, other key order: another spelling of the same content.
    const respelled = await idp.sign(headerOf(token) as never, Object.fromEntries(Object.entries(claimsOf(token)).reverse()));
    expect(respelled).not.toBe(token);
    await t.auth.validator.validate(respelled);
    expect(getKeyCalls).toBe(2);
  });

  it('a cached token whose key was withdrawn is validated in full again (and refused)', async () => {
    const token = await fabricAppToken(idp, workload);
    await cache(token);
    const kid = headerOf(token).kid as string;
    await idp.rotateKey();
    idp.retireKey(kid);
    t.clock.advance(3600 * 1000);
    t.scheduler.runPending();
    for (let i = 0; i < 200 && t.auth.keys.peekKey(kid); i++) await new Promise((r) => setTimeout(r, 10));
    const err = await t.auth.validator.validate(token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigningKeyNotFound);
    expect(getKeyCalls).toBe(2);
  });
});
