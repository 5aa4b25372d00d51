/**
 * The process-wide wiring: the controlPlane()/dataPlane() pre-handlers built from the configuration (getConfig), against
 * the local Entra ID. Environment is restored after each test. (GET /api/health: test/integration/health.)
 */
import type { LocalEntra } from '../../../devtools/local-entra/server';
import { fabricAppToken, fabricSubjectToken, frontendToken } from '../../../devtools/local-entra/fabric-tokens';
import { controlPlane, dataPlane, getInboundAuth, resetInboundAuthForTests } from '../../../src/auth/inbound';
import { resetConfigForTests } from '../../../src/config';
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
