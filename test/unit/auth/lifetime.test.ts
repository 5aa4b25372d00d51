import { TokenInvalid } from '../../../src/auth/inbound/errors';
import { CLOCK_TOLERANCE_SECONDS, MAX_TOKEN_AGE_SECONDS, checkLifetime } from '../../../src/auth/inbound/lifetime';

const now = 1_800_000_000;
const ok = { iat: now - 60, nbf: now - 60, exp: now + 3600 };
const reason = (t: typeof ok): string => {
  try {
    checkLifetime(t, now);
    return 'accepted';
  } catch (err) {
    expect(err).toBeInstanceOf(TokenInvalid);
    return (err as TokenInvalid).reason;
  }
};

describe('token lifetime', () => {
  it.each([
    ['valid', ok, 'accepted'],
    ['expired within the skew', { ...ok, exp: now - CLOCK_TOLERANCE_SECONDS + 1 }, 'accepted'],
    ['expired beyond the skew', { ...ok, exp: now - CLOCK_TOLERANCE_SECONDS }, 'is expired'],
    ['nbf within the skew', { ...ok, nbf: now + CLOCK_TOLERANCE_SECONDS }, 'accepted'],
    ['nbf beyond the skew', { ...ok, nbf: now + CLOCK_TOLERANCE_SECONDS + 1 }, 'is not yet valid (nbf)'],
    ['iat at the maximum age', { ...ok, iat: now - MAX_TOKEN_AGE_SECONDS - CLOCK_TOLERANCE_SECONDS }, 'accepted'],
    ['iat older than the maximum age', { ...ok, iat: now - MAX_TOKEN_AGE_SECONDS - CLOCK_TOLERANCE_SECONDS - 1 }, 'is too old (iat)'],
    ['iat in the future beyond the skew', { ...ok, iat: now + CLOCK_TOLERANCE_SECONDS + 1 }, 'was issued in the future (iat)'],
  ])('%s', (_name, times, expected) => {
    expect(reason(times)).toBe(expected);
  });
});
