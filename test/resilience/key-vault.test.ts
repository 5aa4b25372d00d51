/**
 * Key Vault faults, through the real host with the backend secret in the (local) Key Vault, read through the
 * managed identity on first use: the vault down at cold start → 503 BackendCredentialUnavailable (retryable,
 * Retry-After) within a bounded time, never 500; the endpoint recovers by itself after its back-off; once the secret is
 * held, a vault outage (or a vault answering 503) does not affect callers.
 */
import { randomUUID } from 'node:crypto';
import type { LocalUser } from '../../devtools/local-entra/fabric-tokens';
import { startTestEnvironment, stopCheckingLogs, type TestEnvironment } from '../support/environment';
import { ANSWER_BOUND_MS, expectRetryable503, send, until, type Answer } from './support/answers';

let env: TestEnvironment;

beforeAll(async () => {
  env = await startTestEnvironment({ backendSecretSource: 'keyVault' });
}, 60_000);
afterAll(async () => {
  const logs = await stopCheckingLogs(env);
  expect(logs).not.toContain(env.backendClientSecret);
});

async function permissions(user: LocalUser): Promise<Answer> {
  const itemId = randomUUID();
  env.fabricApi.setPermissions(itemId, user.oid, ['Read']);
  return send(env.baseUrl, 'GET', `workspaces/${randomUUID()}/items/${itemId}/permissions`, { headers: await env.frontendHeaders(['Item.Read.All'], user) });
}

it('vault down at cold start: 503 BackendCredentialUnavailable for every caller, then recovers by itself', async () => {
  const vault = env.keyVault!;
  vault.setBehaviour('down');
  const answers = await Promise.all([env.user, env.newUser(), env.newUser()].map((u) => permissions(u)));
  for (const a of answers) {
    expectRetryable503(a, 'BackendCredentialUnavailable');
    expect(a.ms).toBeLessThan(ANSWER_BOUND_MS);
  }

  vault.setBehaviour(undefined);
  await until('the call succeeds again', async () => ((await permissions(env.user)).status === 200 ? true : undefined), ANSWER_BOUND_MS, 500);
});

it('with the secret held, a vault outage or a vault answering 503 does not reach callers', async () => {
  const vault = env.keyVault!;
  for (const behaviour of ['down' as const, { status: 503, body: { error: { code: 'ServiceUnavailable' } } }]) {
    vault.setBehaviour(behaviour);
    try {
      expect((await permissions(env.newUser())).status).toBe(200);
    } finally {
      vault.setBehaviour(undefined);
    }
  }
});
