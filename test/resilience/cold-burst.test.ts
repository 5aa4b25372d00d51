/**
 * 1,000 concurrent first requests on a cold process (a freshly started host that has fetched nothing) cause exactly
 * one JWKS fetch and one token request per distinct (user, scope): one OBO per user for Fabric's scope and one
 * app-only token. The requests are data-plane permission reads (ResolvePermissions needs OBO + S2S): 10 users with
 * one token each, 100 different items each (so the permissions cache never answers for another request). The JWKS
 * answer is held back 3.5 s, and every request is fully written to the host before it can arrive, so all of them
 * are in flight on the cold key source and the cold token module.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { decodeJwt } from 'jose';
import { FABRIC_RESOURCE } from '../../devtools/local-fabric-api/server';
import { startTestEnvironment, stopCheckingLogs, type TestEnvironment } from '../support/environment';

const USERS = 10;
const ITEMS_PER_USER = 100;
const JWKS_DELAY_MS = 3_500;
const OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

let env: TestEnvironment;

beforeAll(async () => {
  env = await startTestEnvironment();
}, 60_000);
afterAll(() => stopCheckingLogs(env));

/**
 * The local Fabric API verifies tokens against the same IdP's JWKS: load its key cache now with tokens minted
 * directly (no token endpoint involved), so that every JWKS fetch counted below is the endpoint's.
 */
async function warmFabricApiKeys(): Promise<void> {
  const { publisherTenantId, backendAppId } = env.workload;
  const subject = await env.idp.mint({ iss: `https://sts.windows.net/${env.user.tenantId}/`, aud: FABRIC_RESOURCE, appid: backendAppId, scp: 'user_impersonation', oid: env.user.oid }, { tenantId: env.user.tenantId });
  const app = await env.idp.mint({ iss: `https://sts.windows.net/${publisherTenantId}/`, aud: FABRIC_RESOURCE, appid: backendAppId, idtyp: 'app', oid: randomUUID() }, { tenantId: publisherTenantId });
  const res = await fetch(`${env.fabricApi.baseUrl}/v1/workload-control/workspaces/${randomUUID()}/items/${randomUUID()}/resolvepermissions`, {
    headers: { authorization: `SubjectAndAppToken1.0 subjectToken="${subject}", appToken="${app}"` },
  });
  expect(res.status).toBe(404); // authenticated; the item is unknown
}

interface Sent {
  readonly status: number;
  /** When the request was completely handed to the socket (ms since the epoch). */
  readonly writtenAt: number;
}

function get(url: URL, headers: Record<string, string>, agent: http.Agent): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let writtenAt = 0;
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'GET', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, writtenAt }));
    });
    req.on('finish', () => (writtenAt = Date.now()));
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end();
  });
}

it('1,000 concurrent cold requests: one JWKS fetch, one OBO per user, one app-only token', async () => {
  await warmFabricApiKeys();
  const users = Array.from({ length: USERS }, () => env.newUser());
  const calls = await Promise.all(
    users.map(async (user) => {
      const headers = await env.frontendHeaders(['Item.Read.All'], user);
      return Array.from({ length: ITEMS_PER_USER }, () => {
        const itemId = randomUUID();
        env.fabricApi.setPermissions(itemId, user.oid, ['Read']);
        return { url: new URL(`${env.baseUrl}/workspaces/${randomUUID()}/items/${itemId}/permissions`), headers };
      });
    }),
  );
  const jwksBefore = env.idp.jwksRequests;
  const tokensBefore = env.idp.tokenRequests.length;
  env.idp.setJwksBehaviour({ status: 200, body: env.idp.jwks(), delayMs: JWKS_DELAY_MS });
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  let answers: Sent[];
  const startedAt = Date.now();
  try {
    answers = await Promise.all(calls.flat().map((c) => get(c.url, c.headers, agent)));
  } finally {
    env.idp.setJwksBehaviour(undefined);
    agent.destroy();
  }

  // All requests were in the host before the JWKS could have answered (it answers JWKS_DELAY_MS after being asked).
  expect(Math.max(...answers.map((a) => a.writtenAt)) - startedAt).toBeLessThan(JWKS_DELAY_MS);
  expect(answers.filter((a) => a.status !== 200)).toEqual([]);
  expect(answers).toHaveLength(USERS * ITEMS_PER_USER);

  expect(env.idp.jwksRequests - jwksBefore).toBe(1);
  const tokenRequests = env.idp.tokenRequests.slice(tokensBefore);
  const oboPerUser = new Map<string, number>();
  for (const r of tokenRequests.filter((t) => t.grant_type === OBO)) {
    const oid = String(decodeJwt(r.assertion).oid);
    oboPerUser.set(oid, (oboPerUser.get(oid) ?? 0) + 1);
  }
  expect(Object.fromEntries(oboPerUser)).toEqual(Object.fromEntries(users.map((u) => [u.oid, 1])));
  expect(tokenRequests.filter((t) => t.grant_type === OBO).every((t) => t.scope.split(' ').includes(`${FABRIC_RESOURCE}/.default`))).toBe(true);
  expect(tokenRequests.filter((t) => t.grant_type === 'client_credentials')).toHaveLength(1);
  expect(tokenRequests).toHaveLength(USERS + 1);
}, 60_000);
