/**
 * The process-wide wiring: GET /api/health readiness and the controlPlane()/dataPlane() pre-handlers built from the
 * configuration (getConfig), against the local Entra ID. Environment is restored after each test.
 */
import { InvocationContext, HttpRequest } from '@azure/functions';
import type { LocalEntra } from '../../../devtools/local-entra/server';
import { fabricAppToken, fabricSubjectToken, frontendToken } from '../../../devtools/local-entra/fabric-tokens';
import { controlPlane, dataPlane, getInboundAuth, resetInboundAuthForTests } from '../../../src/auth/inbound';
import { resetConfigForTests } from '../../../src/config';
import { healthHandler } from '../../../src/health/handler';
import { json } from '../../../src/http/respond';
import { BACKEND_APPID, PUBLISHER_TENANT, call, controlHeaders, startIdp, user, workload } from './harness';

let idp: LocalEntra;
const saved = { ...process.env };
const SECRET = 'local-only-secret-value';

function configure(overrides: Record<string, string> = {}): void {
  Object.assign(process.env, {
    TENANT_ID: PUBLISHER_TENANT,
    BACKEND_APPID,
    BACKEND_AUDIENCE: workload.backendAudience,
    ENTRA_AUTHORITY_HOST: idp.origin,
    BACKEND_CLIENT_SECRET: SECRET,
    AzureWebJobsStorage: process.env.AZURITE_CONNECTION_STRING,
    ...overrides,
  });
  resetConfigForTests();
  resetInboundAuthForTests();
}

async function health(): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const res = await healthHandler(new HttpRequest({ method: 'GET', url: 'https://localhost/api/health' }), new InvocationContext({ logHandler: () => undefined }));
  return { status: res.status ?? 200, body: res.jsonBody as Record<string, unknown>, text: JSON.stringify(res.jsonBody) };
}

beforeAll(async () => {
  idp = await startIdp();
});
afterEach(() => {
  idp.setJwksBehaviour(undefined);
  resetInboundAuthForTests();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  resetConfigForTests();
});
afterAll(async () => {
  await idp.stop();
});

describe('GET /api/health', () => {
  it('is ready when the configuration is valid and the signing keys are loaded (it triggers the first load)', async () => {
    configure();
    const before = idp.jwksRequests;
    const res = await health();
    expect(res).toMatchObject({ status: 200, body: { status: 'ready', checks: { configuration: 'ok', signingKeys: 'loaded' } } });
    expect(idp.jwksRequests - before).toBe(1);
    expect((await health()).status).toBe(200);
    expect(idp.jwksRequests - before).toBe(1);
    for (const value of [PUBLISHER_TENANT, BACKEND_APPID, workload.backendAudience, idp.origin, SECRET]) expect(res.text).not.toContain(value);
  });

  it('is not ready (503) when no signing keys can be had', async () => {
    configure();
    idp.setJwksBehaviour('down');
    const res = await health();
    expect(res).toMatchObject({ status: 503, body: { status: 'notReady', checks: { configuration: 'ok', signingKeys: 'unavailable' } } });
  });

  it('is not ready (503) when the configuration is invalid, without echoing values', async () => {
    configure({ TENANT_ID: 'not-a-guid-value' });
    const res = await health();
    expect(res).toMatchObject({ status: 503, body: { status: 'notReady', checks: { configuration: 'invalid', signingKeys: 'notChecked' } } });
    expect(res.text).not.toContain('not-a-guid-value');
  });
});

describe('process-wide pre-handlers', () => {
  it('controlPlane() and dataPlane() authenticate with the configured authority, one key source per process', async () => {
    configure();
    const control = controlPlane({ subjectToken: 'required' }, async (_req, auth) => json(200, { tenantId: auth.tenantId }));
    const data = dataPlane({ scopes: ['Item1.Read.All'] }, async (_req, auth) => json(200, { oid: auth.user.oid }));
    const before = idp.jwksRequests;
    const ok = await call(control, controlHeaders(await fabricAppToken(idp, workload), await fabricSubjectToken(idp, workload, user)));
    expect(ok).toMatchObject({ status: 200, body: { tenantId: user.tenantId } });
    const dp = await call(data, { authorization: `Bearer ${await frontendToken(idp, workload, user, ['Item1.Read.All'])}` });
    expect(dp).toMatchObject({ status: 200, body: { oid: user.oid } });
    expect(idp.jwksRequests - before).toBe(1);
    expect(getInboundAuth()).toBe(getInboundAuth());
  });

  it('answers 503 ConfigurationInvalid when the configuration is invalid', async () => {
    configure({ BACKEND_APPID: 'nope' });
    const control = controlPlane({ subjectToken: 'optional' }, async () => json(200, {}));
    const res = await call(control, controlHeaders(await fabricAppToken(idp, workload), undefined));
    expect(res).toMatchObject({ status: 503, body: { errorCode: 'ConfigurationInvalid', isPermanent: false } });
  });
});
