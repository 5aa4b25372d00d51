/**
 * Entra token endpoint faults, through the real host, on a route that needs the user's OBO token and the app token
 * (data-plane ResolvePermissions): 5xx, timeouts, throttling (429 with Retry-After). The endpoint answers a retryable
 * 503 with Retry-After within a bounded time (never 500, never a hang), waits out a short Retry-After itself, and
 * recovers by itself once Entra answers again — for the same user too (no client-side throttling left behind).
 */
import { randomUUID } from 'node:crypto';
import type { LocalUser } from '../../devtools/local-entra/fabric-tokens';
import { aadError, type TokenOverride } from '../../devtools/local-entra/server';
import { startTestEnvironment, stopCheckingLogs, type TestEnvironment } from '../support/environment';
import { ANSWER_BOUND_MS, expectRetryable503, send, until, type Answer } from './support/answers';

const OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
let env: TestEnvironment;

beforeAll(async () => {
  env = await startTestEnvironment();
}, 60_000);
afterAll(() => stopCheckingLogs(env));
afterEach(() => env.idp.setTokenOverride(undefined));

/** A data-plane permissions read on a new item (so no answer cache hides the token module). */
async function permissions(user: LocalUser): Promise<Answer> {
  const itemId = randomUUID();
  env.fabricApi.setPermissions(itemId, user.oid, ['Read']);
  return send(env.baseUrl, 'GET', `workspaces/${randomUUID()}/items/${itemId}/permissions`, { headers: await env.frontendHeaders(['Item.Read.All'], user) });
}

const recovers = (user: LocalUser): Promise<Answer> =>
  until('the call succeeds again', async () => {
    const a = await permissions(user);
    return a.status === 200 ? a : undefined;
  }, ANSWER_BOUND_MS, 250);

const tokenCalls = (since: number, grant?: string) => env.idp.tokenRequests.slice(since).filter((r) => grant === undefined || r.grant_type === grant).length;

it('5xx on every request: 503 EntraUnavailable after bounded retries; the same user succeeds once Entra is back', async () => {
  const user = env.newUser();
  const before = env.idp.tokenRequests.length;
  env.idp.setTokenOverride(() => aadError(503, 'temporarily_unavailable', 90006, 'The service is temporarily unavailable.'));
  const a = await permissions(user);
  expectRetryable503(a, 'EntraUnavailable');
  expect(a.ms).toBeLessThan(ANSWER_BOUND_MS);
  expect(tokenCalls(before)).toBeGreaterThan(1); // retried…
  expect(tokenCalls(before)).toBeLessThanOrEqual(10); // …a bounded number of times

  env.idp.setTokenOverride(undefined);
  await recovers(user);
});

it('a token endpoint that never answers: 503 within the bound, then recovers', async () => {
  const user = env.newUser();
  env.idp.setTokenOverride((r) => (r.grant_type === OBO ? { status: 200, body: {}, delayMs: 120_000 } : undefined));
  const a = await permissions(user);
  expectRetryable503(a, 'EntraUnavailable');
  expect(a.ms).toBeLessThan(ANSWER_BOUND_MS);

  env.idp.setTokenOverride(undefined);
  await recovers(user);
});

it('429 with a short Retry-After is waited out: the caller just gets its answer', async () => {
  const user = env.newUser();
  let throttled = 0;
  const throttleOnce: TokenOverride = (r) => (r.grant_type === OBO && throttled++ === 0 ? { ...aadError(429, 'too_many_requests', 50196, 'Too many requests.'), headers: { 'Retry-After': '1' } } : undefined);
  env.idp.setTokenOverride(throttleOnce);
  const a = await permissions(user);
  expect(a.status).toBe(200);
  expect(throttled).toBeGreaterThanOrEqual(2);
});

it('429 with a long Retry-After: passed on as a retryable 503 with that Retry-After; the same user succeeds once Entra is back', async () => {
  const user = env.newUser();
  env.idp.setTokenOverride((r) => (r.grant_type === OBO ? { ...aadError(429, 'too_many_requests', 50196, 'Too many requests.'), headers: { 'Retry-After': '30' } } : undefined));
  const a = await permissions(user);
  expectRetryable503(a);
  expect(Number(a.headers['retry-after'])).toBeGreaterThanOrEqual(25);
  expect(a.ms).toBeLessThan(ANSWER_BOUND_MS);

  env.idp.setTokenOverride(undefined);
  await recovers(user);
});
