/**
 * Token requests never follow a redirect. The local Entra ID answers a token POST with 307 or 308 pointing at another
 * local HTTPS server (another origin); following it would re-post the form body there (client secret, the user's
 * assertion, a refresh token). Nothing may reach that server, and the caller gets a stable error that names neither
 * the Location nor the body, after one attempt.
 */
import { startLocalEntra, type LocalEntra } from '../../../devtools/local-entra/server';
import { frontendToken } from '../../../devtools/local-entra/fabric-tokens';
import { listenLocal, type LocalServer } from '../../../devtools/local-server';
import { FabricError } from '../../../src/fabric/errors';
import { SCOPES } from '../../../src/tokens/scopes';
import type { TokenClient } from '../../../src/tokens/types';
import { ALICE, BACKEND_APP_ID, jobOf, LogCapture, RecordingClock, tls, tokenClientFor, USER_TENANT, WORKLOAD } from './support';

const OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

let idp: LocalEntra;
let elsewhere: LocalServer;
/** Every request the other origin received: method, path and body. */
const received: string[] = [];
const logs = new LogCapture();

beforeAll(async () => {
  idp = await startLocalEntra({ tls: tls(), clients: { [BACKEND_APP_ID]: 'backend-secret' } });
  elsewhere = await listenLocal(
    async (req, res) => {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      received.push(`${req.method ?? ''} ${req.url ?? ''} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token_type: 'Bearer', access_token: 'stolen', expires_in: 3600 }));
    },
    { tls: tls() },
  );
});

afterAll(async () => {
  await elsewhere.stop();
  await idp.stop();
  const all = logs.lines.join('\n');
  expect(all).not.toContain(elsewhere.origin);
  expect(all).not.toContain('backend-secret');
});

beforeEach(() => {
  received.length = 0;
  idp.tokenRequests.length = 0;
});
afterEach(() => idp.setTokenOverride(undefined));

/** Answers token POSTs of `grantType` with `status` and a Location on the other origin. */
function redirect(status: 307 | 308, grantType: string): void {
  idp.setTokenOverride((r) => (r.grant_type === grantType ? { status, body: { moved: `${elsewhere.origin}/token` }, headers: { location: `${elsewhere.origin}/token` } } : undefined));
}

async function refusal(p: Promise<unknown>): Promise<FabricError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(FabricError);
  const err = e as FabricError;
  expect(err.status).toBe(500);
  expect(err.errorCode).toBe('TokenAcquisitionFailed');
  const text = JSON.stringify(err.toBody());
  expect(text).not.toContain(elsewhere.origin);
  expect(text).not.toContain('moved');
  return err;
}

const posts = (grantType: string) => idp.tokenRequests.filter((r) => r.grant_type === grantType).length;

describe.each([307, 308] as const)('HTTP %d to another origin', (status) => {
  let client: TokenClient;
  beforeAll(async () => {
    client = await tokenClientFor(idp, { log: logs.logger, clock: new RecordingClock() });
  });

  it('client credentials: refused, one attempt, nothing sent to the other origin', async () => {
    redirect(status, 'client_credentials');
    await refusal(client.appOnly([SCOPES.fabric]));
    expect(posts('client_credentials')).toBe(1);
    expect(received).toEqual([]);
  });

  it('On-Behalf-Of: refused, one attempt, the user assertion goes nowhere else', async () => {
    redirect(status, OBO);
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.Read.All']);
    await refusal(client.onBehalfOf({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake] }));
    expect(posts(OBO)).toBe(1);
    expect(received).toEqual([]);
  });

  it('refresh (long-running grant redeemed on another instance): refused, the refresh token goes nowhere else', async () => {
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.ReadWrite.All']);
    const grant = await client.beginLongRunning({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
    const otherInstance = await tokenClientFor(idp, { log: logs.logger, clock: new RecordingClock() });
    redirect(status, 'refresh_token');
    await refusal(otherInstance.acquireLongRunning({ grant, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) }));
    expect(posts('refresh_token')).toBe(1);
    expect(received).toEqual([]);
  });

  it('refresh on the instance that holds the account: no fallback to the grant\'s refresh token', async () => {
    const subject = await frontendToken(idp, WORKLOAD, ALICE, ['Item.ReadWrite.All']);
    const grant = await client.beginLongRunning({ subjectToken: subject, tenantId: USER_TENANT, scopes: [SCOPES.oneLake], job: jobOf(ALICE) });
    redirect(status, 'refresh_token');
    // Another resource than the cached token's: MSAL refreshes silently, and gets the redirect.
    await refusal(client.acquireLongRunning({ grant, tenantId: USER_TENANT, scopes: [SCOPES.fabric], job: jobOf(ALICE) }));
    expect(posts('refresh_token')).toBe(1);
    expect(received).toEqual([]);
  });
});
