/**
 * Shared set-up for the token, credential and data-plane integration tests: the local TLS pair, fixed ids,
 * a log sink that keeps every line (to assert on content and on the absence of token material), a clock that records
 * waits instead of sleeping, and a token client over a static secret.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, type Logger } from '../../../src/observability/logger';
import { CachedCredentialSource } from '../../../src/credentials/cached-source';
import type { CredentialSource } from '../../../src/credentials/types';
import { staticGrantKeys, type GrantKeyRing } from '../../../src/tokens/grant-keys';
import { createTokenClient, type TokenClientOptions } from '../../../src/tokens/token-client';
import type { TokenClient } from '../../../src/tokens/types';
import type { RetryClock, RetryPolicy } from '../../../src/shared/retry';
import type { LocalEntra } from '../../../devtools/local-entra/server';

export const PUBLISHER_TENANT = '11111111-1111-4111-8111-111111111111';
export const USER_TENANT = '22222222-2222-4222-8222-222222222222';
export const BACKEND_APP_ID = '33333333-3333-4333-8333-333333333333';
export const MI_CLIENT_ID = '44444444-4444-4444-8444-444444444444';
export const MI_PRINCIPAL_ID = '55555555-5555-4555-8555-555555555555';
export const BACKEND_AUDIENCE = `api://localdevinstance/${PUBLISHER_TENANT}/Org.FabricRemoteEndpoint`;
export const WORKLOAD = { publisherTenantId: PUBLISHER_TENANT, backendAppId: BACKEND_APP_ID, backendAudience: BACKEND_AUDIENCE };
export const ALICE = { tenantId: USER_TENANT, oid: 'aaaaaaaa-0000-4000-8000-00000000a11c', upn: 'alice@contoso.com', name: 'Alice' };
export const BOB = { tenantId: USER_TENANT, oid: 'bbbbbbbb-0000-4000-8000-0000000000b0', upn: 'bob@contoso.com', name: 'Bob' };

/** A job (workspace, item, instance) and its user: what a long-running grant is bound to. */
export function jobOf(user: { readonly oid: string }, jobInstanceId = '66666666-6666-4666-8666-666666666601'): { workspaceId: string; itemId: string; jobInstanceId: string; userObjectId: string } {
  return { workspaceId: '77777777-7777-4777-8777-777777777701', itemId: '88888888-8888-4888-8888-888888888801', jobInstanceId, userObjectId: user.oid };
}

export function tls(): { key: string; cert: string } {
  const dir = join(__dirname, '..', '..', '..', '.cache', 'tls');
  return { key: readFileSync(join(dir, 'localhost-key.pem'), 'utf8'), cert: readFileSync(join(dir, 'localhost-cert.pem'), 'utf8') };
}

/** Every log line written through it, level-prefixed. */
export class LogCapture {
  readonly lines: string[] = [];
  readonly logger: Logger = createLogger({
    log: (...a: unknown[]) => this.lines.push(`info ${a.join(' ')}`),
    warn: (...a: unknown[]) => this.lines.push(`warn ${a.join(' ')}`),
    error: (...a: unknown[]) => this.lines.push(`error ${a.join(' ')}`),
  });
  matching(re: RegExp): string[] {
    return this.lines.filter((l) => re.test(l));
  }
}

/** A clock whose sleeps return at once and are recorded. */
export class RecordingClock implements RetryClock {
  readonly sleeps: number[] = [];
  now(): number {
    return Date.now() + this.sleeps.reduce((a, b) => a + b, 0);
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
  }
  random(): number {
    return 0.5;
  }
}

/** Retries quick enough for tests; the recording clock makes them instant anyway. */
export const TEST_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2_000, maxTotalMs: 8_000 };

export function secretSource(read: () => string, log: Logger): CredentialSource & { loads: number } {
  const src = new CachedCredentialSource({
    type: 'EnvironmentSecret',
    description: 'test secret',
    load: async () => {
      src.loads++;
      const secret = read();
      return { material: { kind: 'secret', secret }, fingerprint: secret };
    },
    refreshMs: Number.POSITIVE_INFINITY,
    minRenewIntervalMs: 0,
    log,
  }) as CachedCredentialSource & { loads: number };
  src.loads = 0;
  return src;
}

export const GRANT_KEY = Buffer.alloc(32, 7);

export function testGrantKeys(keys: readonly Buffer[] = [GRANT_KEY]): GrantKeyRing {
  return staticGrantKeys(keys, 'test keys');
}

export async function tokenClientFor(idp: LocalEntra, overrides: Partial<TokenClientOptions> & { readonly log: Logger }): Promise<TokenClient> {
  return createTokenClient({
    clientId: BACKEND_APP_ID,
    publisherTenantId: PUBLISHER_TENANT,
    authorityHost: idp.origin,
    credentials: overrides.credentials ?? secretSource(() => 'backend-secret', overrides.log),
    grantKeys: overrides.grantKeys ?? testGrantKeys(),
    grantMaxAgeSeconds: 3600,
    retryPolicy: TEST_RETRY,
    ...overrides,
  });
}

/** Decodes a JWT payload (test assertions only). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Waits until `predicate` holds, polling every 50 ms, at most `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
