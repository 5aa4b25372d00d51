/**
 * The app wiring: the controlPlane()/dataPlane() pre-handlers of the function handlers, bound to an app loader reading
 * the configuration from an environment, against the local Entra ID. (GET /api/health: test/integration/health.)
 */
import type { LocalEntra } from '../../../devtools/local-entra/server';
import { fabricAppToken, fabricSubjectToken, frontendToken } from '../../../devtools/local-entra/fabric-tokens';
import { createAppLoader, type App } from '../../../src/app';
import { appPreHandlers } from '../../../src/handlers';
import { json } from '../../../src/http/respond';
import { BACKEND_APPID, PUBLISHER_TENANT, call, controlHeaders, startIdp, user, workload } from './harness';

let idp: LocalEntra;
const SECRET = 'local-only-secret-value';
const built: App[] = [];

/** An app loader over the test's environment, and the function handlers' pre-handlers bound to it. */
function configure(overrides: Record<string, string> = {}) {
  const env = {
    TENANT_ID: PUBLISHER_TENANT,
    BACKEND_APPID,
    BACKEND_AUDIENCE: workload.backendAudience,
    ENTRA_AUTHORITY_HOST: idp.origin,
    BACKEND_CLIENT_SECRET: SECRET,
    AzureWebJobsStorage: process.env.AZURITE_CONNECTION_STRING,
    ...overrides,
  };
  const load = createAppLoader(() => env);
  const tracked = () => {
    const app = load();
    if (!built.includes(app)) built.push(app);
    return app;
  };
  return { load: tracked, ...appPreHandlers(tracked) };
}

beforeAll(async () => {
  idp = await startIdp();
});
afterEach(() => {
  idp.setJwksBehaviour(undefined);
  for (const app of built.splice(0)) app.close();
});
afterAll(async () => {
  await idp.stop();
});

describe('process-wide pre-handlers', () => {
  it('controlPlane() and dataPlane() authenticate with the configured authority, one key source per process', async () => {
    const { load, controlPlane, dataPlane } = configure();
    const control = controlPlane({ subjectToken: 'required' }, async (_req, auth) => json(200, { tenantId: auth.tenantId }));
    const data = dataPlane({ scopes: ['Item1.Read.All'] }, async (_req, auth) => json(200, { oid: auth.user.oid }));
    const before = idp.jwksRequests;
    const ok = await call(control, controlHeaders(await fabricAppToken(idp, workload), await fabricSubjectToken(idp, workload, user)));
    expect(ok).toMatchObject({ status: 200, body: { tenantId: user.tenantId } });
    const dp = await call(data, { authorization: `Bearer ${await frontendToken(idp, workload, user, ['Item1.Read.All'])}` });
    expect(dp).toMatchObject({ status: 200, body: { oid: user.oid } });
    expect(idp.jwksRequests - before).toBe(1);
    expect(load().inboundAuth).toBe(load().inboundAuth);
  });

  it('answers 503 ConfigurationInvalid when the configuration is invalid', async () => {
    const { controlPlane } = configure({ BACKEND_APPID: 'nope' });
    const control = controlPlane({ subjectToken: 'optional' }, async () => json(200, {}));
    const res = await call(control, controlHeaders(await fabricAppToken(idp, workload), undefined));
    expect(res).toMatchObject({ status: 503, body: { errorCode: 'ConfigurationInvalid', isPermanent: false } });
  });
});
