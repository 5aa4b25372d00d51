import fc from 'fast-check';
import { backoffDelayMs, isRetryableStatus, nextDelayMs, parseRetryAfterMs, retrying, type Attempt, type RetryClock, type RetryPolicy } from '../../../src/shared/retry';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 2_000, maxTotalMs: 8_000 };

function fakeClock(random = 1): RetryClock & { sleeps: number[] } {
  let t = 0;
  const sleeps: number[] = [];
  return { sleeps, now: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)), random: () => random };
}

describe('backoffDelayMs (full jitter)', () => {
  it('stays within [0, min(maxDelay, base·2^(retry-1))] for every retry and random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (retry, r) => {
        const d = backoffDelayMs(policy, retry, r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1)));
      }),
    );
  });

  it('doubles the ceiling per retry up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(policy, n, 1))).toEqual([200, 400, 800, 1600, 2000, 2000]);
  });
});

describe('nextDelayMs', () => {
  it('stops when the attempts are used up', () => {
    expect(nextDelayMs(policy, { attempts: 4, elapsedMs: 0 }, 1)).toBeUndefined();
    expect(nextDelayMs(policy, { attempts: 3, elapsedMs: 0 }, 1)).toBe(800);
  });

  it('stops when the wait would end past the total budget', () => {
    expect(nextDelayMs(policy, { attempts: 1, elapsedMs: 7_900 }, 1)).toBeUndefined();
    expect(nextDelayMs(policy, { attempts: 1, elapsedMs: 7_800 }, 1)).toBe(200);
  });

  it('waits exactly Retry-After when it fits, and stops (passes it on) when it is longer than one wait may be', () => {
    expect(nextDelayMs(policy, { attempts: 1, elapsedMs: 0, retryAfterMs: 1_500 }, 0)).toBe(1_500);
    expect(nextDelayMs(policy, { attempts: 1, elapsedMs: 0, retryAfterMs: 2_001 }, 0)).toBeUndefined();
    expect(nextDelayMs(policy, { attempts: 1, elapsedMs: 7_000, retryAfterMs: 1_500 }, 0)).toBeUndefined();
  });

  it('never lets attempts or total time exceed the policy, whatever the answers', () => {
    fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }), { minLength: 10, maxLength: 10 }), fc.double({ min: 0, max: 1, noNaN: true }), async (retryAfters, r) => {
        const clock = fakeClock(r);
        let n = 0;
        const { attempts } = await retrying(policy, async () => ({ kind: 'retryable', retryAfterMs: retryAfters[n++] }) as Attempt<never>, { clock });
        expect(attempts).toBeLessThanOrEqual(policy.maxAttempts);
        expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(policy.maxTotalMs);
        expect(clock.sleeps.every((s) => s <= policy.maxDelayMs)).toBe(true);
      }),
    );
  });
});

describe('retrying', () => {
  it('returns the first done answer and the number of attempts', async () => {
    const clock = fakeClock();
    let n = 0;
    const r = await retrying(policy, async () => (++n < 3 ? { kind: 'retryable' } : { kind: 'done', value: 'ok' }), { clock });
    expect(r).toEqual({ last: { kind: 'done', value: 'ok' }, attempts: 3 });
    expect(clock.sleeps).toEqual([200, 400]);
  });

  it('returns the last retryable outcome when the budget runs out', async () => {
    const clock = fakeClock();
    const r = await retrying(policy, async (n) => ({ kind: 'retryable', value: n }), { clock });
    expect(r.attempts).toBe(4);
    expect(r.last).toEqual({ kind: 'retryable', value: 4 });
  });

  it('does not catch what the attempt throws (a bug is not retried)', async () => {
    await expect(retrying(policy, async () => Promise.reject(new Error('bug')), { clock: fakeClock() })).rejects.toThrow('bug');
  });
});

describe('parseRetryAfterMs', () => {
  it.each([
    ['0', 0],
    ['1', 1000],
    ['120', 120_000],
    ['1.5', 1500],
    [' 7 ', 7000],
  ])('delta-seconds %j → %d ms', (v, ms) => expect(parseRetryAfterMs(v)).toBe(ms));

  it('HTTP-date → time until then, never negative', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs('Wed, 01 Jan 2025 00:00:30 GMT', { now })).toBe(30_000);
    expect(parseRetryAfterMs('Tue, 31 Dec 2024 23:00:00 GMT', { now })).toBe(0);
  });

  it.each([undefined, null, '', 'soon', '-1', '1e9', '12abc'])('unreadable %j → undefined', (v) => expect(parseRetryAfterMs(v)).toBeUndefined());
});

it('isRetryableStatus: 408, 429 and 5xx except 501/505', () => {
  expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
  expect([200, 400, 401, 403, 404, 409, 501, 505].some(isRetryableStatus)).toBe(false);
});
