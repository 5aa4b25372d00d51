/**
 * The baseline users would otherwise copy: control-plane authentication as Microsoft's remote-endpoint docs show it
 * (fabric-docs, extensibility-toolkit/authentication-remote.md, "JavaScript Token Validation Example" and
 * "Complete Authentication Flow"): jsonwebtoken + jwks-rsa, a new JWKS client for every token of every request
 * (so every validation fetches the JWKS), keys as PEM strings. Reimplemented here faithfully — including its
 * weaknesses (jwksUri built from the unverified `tid`, no issuer check, substring scope match: docs/security.md rules
 * 6, 15 and 20 say why each matters) — only to measure it. Never use it.
 *
 * Measured in one run, with the same tokens, against this endpoint's authenticateControlPlane (auth.ts measures the
 * same path against raw crypto). The JWKS is the local Entra ID over http.
 */
import { HttpRequest, InvocationContext } from '@azure/functions';
import jwt from 'jsonwebtoken';
import jwksClient from 'jwks-rsa';
import { startLocalEntra, type LocalEntra } from '../devtools/local-entra/server';
import { FABRIC_APP_ID, fabricAppToken, fabricSubjectToken, type LocalUser, type WorkloadIdentity } from '../devtools/local-entra/fabric-tokens';
import { authenticateControlPlane, createInboundAuth, formatSubjectAndAppToken, type InboundAuth } from '../src/auth/inbound';
import type { RequestScope } from '../src/http/handler';
import { createLogger } from '../src/observability/logger';
import type { BenchRow } from './bench-row';
import { measure } from './auth';

const CONCURRENCY = 64;
const workload: WorkloadIdentity = { publisherTenantId: '0e1f2a3b-0000-4000-8000-00000000d001', backendAppId: '1f2a3b4c-0000-4000-8000-00000000d002', backendAudience: 'api://localdevinstance/0e1f2a3b-0000-4000-8000-00000000d001/Org.Bench' };
const user: LocalUser = { tenantId: '2a3b4c5d-0000-4000-8000-00000000d003', oid: '3b4c5d6e-0000-4000-8000-00000000d004', name: 'Bench User', upn: 'bench@contoso.example' };
const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

// ---- The docs' code, transcribed (Express-style req.headers; `throw` where the docs answer 4xx) ----

/** Docs: parseSubjectAndAppToken(authHeader). */
function docsParseSubjectAndAppToken(authHeader: string | undefined): { subjectToken: string | null; appToken: string | null } | null {
  if (!authHeader || !authHeader.startsWith('SubjectAndAppToken1.0 ')) return null;
  const tokenPart = authHeader.substring('SubjectAndAppToken1.0 '.length);
  const tokens: Record<string, string> = {};
  for (const part of tokenPart.split(',')) {
    const [key, value] = part.split('=');
    if (key && value) tokens[key.trim()] = value.trim().replace(/^"(.*)"$/, '$1');
  }
  return { subjectToken: tokens.subjectToken || null, appToken: tokens.appToken || null };
}

/** Docs: validateAadToken(token, { isAppOnly, tenantId, audience }); login.microsoftonline.com → the local Entra ID. */
async function docsValidateAadToken(authorityHost: string, token: string, options: { isAppOnly?: boolean; tenantId?: string | null; audience?: string | null }): Promise<jwt.JwtPayload> {
  const { isAppOnly = false, tenantId = null, audience = null } = options;
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded) throw new Error('Invalid token format');
  const { header, payload } = decoded;
  const tokenTenantId = (payload as jwt.JwtPayload).tid as string;
  const client = jwksClient({ jwksUri: `${authorityHost}/${tokenTenantId}/discovery/v2.0/keys`, cache: true, cacheMaxAge: 86400000 });
  const signingKey = await new Promise<string>((resolve, reject) => {
    client.getSigningKey(header.kid, (err, key) => {
      if (err || !key) reject(err ?? new Error('no key'));
      else resolve(key.getPublicKey());
    });
  });
  const verified = jwt.verify(token, signingKey, { algorithms: ['RS256'], audience: audience as string, clockTolerance: 60 }) as jwt.JwtPayload;
  if (isAppOnly) {
    if (verified.idtyp !== 'app') throw new Error('Expected app-only token');
    if (verified.scp) throw new Error('App-only token should not have scp claim');
  } else {
    if (verified.idtyp) throw new Error('Expected delegated token');
    if (!verified.scp || !String(verified.scp).includes('FabricWorkloadControl')) throw new Error('Missing required FabricWorkloadControl scope');
  }
  if (tenantId && verified.tid !== tenantId) throw new Error('Token tenant mismatch');
  return verified;
}

/** Docs: authenticateControlPlaneCall(req, res) → the auth context, or throws where the docs answer 400/401. */
async function docsAuthenticateControlPlaneCall(authorityHost: string, headers: Readonly<Record<string, string>>): Promise<Record<string, unknown>> {
  const authHeader = headers['authorization'];
  if (!authHeader) throw new Error('Missing Authorization header');
  const tokens = docsParseSubjectAndAppToken(authHeader);
  if (!tokens || !tokens.appToken) throw new Error('Invalid Authorization header format');
  const tenantId = headers['ms-client-tenant-id'];
  if (!tenantId) throw new Error('Missing ms-client-tenant-id header');
  const publisherTenantId = workload.publisherTenantId;
  const audience = workload.backendAudience;
  const appTokenClaims = await docsValidateAadToken(authorityHost, tokens.appToken, { isAppOnly: true, audience });
  const appTokenAppId = appTokenClaims.appid || appTokenClaims.azp;
  if (appTokenAppId !== FABRIC_APP_ID) throw new Error('App token not from Fabric');
  if (publisherTenantId && appTokenClaims.tid !== publisherTenantId) throw new Error('App token tenant mismatch');
  let subjectTokenClaims: jwt.JwtPayload | null = null;
  if (tokens.subjectToken) {
    subjectTokenClaims = await docsValidateAadToken(authorityHost, tokens.subjectToken, { isAppOnly: false, audience, tenantId });
    if ((subjectTokenClaims.appid || subjectTokenClaims.azp) !== appTokenAppId) throw new Error('Token appid mismatch');
  }
  return { subjectToken: tokens.subjectToken, appToken: tokens.appToken, tenantId, appTokenClaims, subjectTokenClaims, userId: subjectTokenClaims?.oid ?? subjectTokenClaims?.sub };
}

// ---- Measurement ----

function buildAuth(idp: LocalEntra): InboundAuth {
  return createInboundAuth(
    { tenantId: workload.publisherTenantId, backendAppId: workload.backendAppId, backendAudience: workload.backendAudience, authorityHost: idp.origin, fabricAppIds: [FABRIC_APP_ID] },
    { keySource: { log: createLogger(silent) } },
  );
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function msDocsBaselineBench(opts: { short: boolean }): Promise<BenchRow[]> {
  const unique = opts.short ? 16 : 1000;
  const repeated = opts.short ? 16 : 2000;
  const rounds = opts.short ? 1 : 3;
  const idp = await startLocalEntra({});
  try {
    const headers = await Promise.all(
      Array.from({ length: unique }, async () => {
        const authorization = formatSubjectAndAppToken({ appToken: await fabricAppToken(idp, workload), subjectToken: await fabricSubjectToken(idp, workload, user) });
        return { authorization, 'x-ms-client-tenant-id': user.tenantId, 'ms-client-tenant-id': user.tenantId };
      }),
    );
    const requests = headers.map((h) => new HttpRequest({ method: 'POST', url: 'https://localhost/api/bench', headers: h }));
    const scope: RequestScope = { log: createLogger(silent), correlation: {}, ctx: new InvocationContext({ logHandler: () => undefined }) };
    const options = { subjectToken: 'required' } as const;

    // Both must accept the tokens, or the numbers would measure failures.
    const docsContext = await docsAuthenticateControlPlaneCall(idp.origin, headers[0]);
    if (docsContext.userId !== user.oid) throw new Error('the docs pattern did not authenticate the bench tokens');

    const docs = { unique: [] as number[], repeated: [] as number[], fetches: 0, calls: 0 };
    const ours = { unique: [] as number[], repeated: [] as number[], fetches: 0, calls: 0 };
    for (let r = 0; r < rounds; r++) {
      let before = idp.jwksRequests;
      docs.unique.push(await measure(unique, CONCURRENCY, (i) => docsAuthenticateControlPlaneCall(idp.origin, headers[i])));
      docs.repeated.push(await measure(repeated, CONCURRENCY, () => docsAuthenticateControlPlaneCall(idp.origin, headers[0])));
      docs.fetches += idp.jwksRequests - before;
      docs.calls += unique + repeated;

      const auth = buildAuth(idp);
      before = idp.jwksRequests;
      const first = await authenticateControlPlane(auth, requests[0], options, scope);
      if (first.user?.oid !== user.oid) throw new Error('this endpoint did not authenticate the bench tokens');
      ours.unique.push(await measure(unique, CONCURRENCY, (i) => authenticateControlPlane(auth, requests[i], options, scope)));
      ours.repeated.push(await measure(repeated, CONCURRENCY, () => authenticateControlPlane(auth, requests[0], options, scope)));
      ours.fetches += idp.jwksRequests - before;
      ours.calls += 1 + unique + repeated;
      auth.close();
    }

    const docsUnique = median(docs.unique);
    const docsRepeated = median(docs.repeated);
    const baseline = 'MS docs pattern, same tokens';
    return [
      { name: `MS docs pattern (jsonwebtoken + jwks-rsa, JWKS client per request), unique tokens, ${CONCURRENCY} in flight`, opsPerSec: docsUnique, ratio: 1, baseline },
      { name: `this endpoint, unique tokens, ${CONCURRENCY} in flight`, opsPerSec: median(ours.unique), ratio: median(ours.unique) / docsUnique, baseline },
      { name: `MS docs pattern, repeated tokens, ${CONCURRENCY} in flight`, opsPerSec: docsRepeated, ratio: 1, baseline },
      { name: `this endpoint, repeated tokens, ${CONCURRENCY} in flight`, opsPerSec: median(ours.repeated), ratio: median(ours.repeated) / docsRepeated, baseline },
      { name: 'JWKS fetches per authentication (MS docs pattern vs this endpoint)', value: `${(docs.fetches / docs.calls).toFixed(2)} vs ${(ours.fetches / ours.calls).toFixed(4)}` },
    ];
  } finally {
    await idp.stop();
  }
}
