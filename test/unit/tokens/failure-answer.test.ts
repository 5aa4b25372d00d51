import { failureAnswer, type FailureContext } from '../../../src/tokens/failure-answer';

const TENANT = '22222222-2222-4222-8222-222222222222';
const ctx: FailureContext = { flow: 'onBehalfOf', authorityHost: 'https://login.microsoftonline.com', clientId: '33333333-3333-4333-8333-333333333333', tenantId: TENANT, scopes: ['https://storage.azure.com/.default', 'https://analysis.windows.net/powerbi/api/.default'] };

describe('failureAnswer', () => {
  it('consent → 403 ConsentRequired in the shape the Fabric frontend reads', () => {
    const e = failureAnswer({ kind: 'consent', code: 65001 }, ctx);
    expect(e.status).toBe(403);
    expect(e.toBody()).toEqual({
      errorCode: 'ConsentRequired',
      message: `Consent is required in tenant ${TENANT} for: https://storage.azure.com/.default, https://analysis.windows.net/powerbi/api/.default. Consent in the workload, or ask an administrator to grant it at consentUrl.`,
      source: 'User',
      isPermanent: false,
      moreDetails: [
        {
          errorCode: 'AADSTS65001',
          message: 'Consent required',
          additionalParameters: [
            { name: 'additionalScopesToConsent', value: 'https://storage.azure.com/.default, https://analysis.windows.net/powerbi/api/.default' },
            { name: 'consentUrl', value: `https://login.microsoftonline.com/${TENANT}/v2.0/adminconsent?client_id=33333333-3333-4333-8333-333333333333&scope=https%3A%2F%2Fstorage.azure.com%2F.default+https%3A%2F%2Fanalysis.windows.net%2Fpowerbi%2Fapi%2F.default` },
            { name: 'tenantId', value: TENANT },
          ],
        },
      ],
    });
  });

  it('claims → 401 AuthUIRequired carrying the claims unchanged, and a standard insufficient_claims challenge', () => {
    const claims = '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}';
    const e = failureAnswer({ kind: 'claims', code: 50076, claims }, ctx);
    expect(e.status).toBe(401);
    expect(e.toBody().moreDetails).toEqual([{ errorCode: 'AADSTS50076', message: 'Interaction required', additionalParameters: [{ name: 'claimsForConditionalAccessPolicy', value: claims }] }]);
    expect(Buffer.from(/claims="([^"]+)"/.exec(e.headers['WWW-Authenticate'])![1], 'base64').toString()).toBe(claims);
  });

  it.each([
    [{ kind: 'bad-assertion', code: 50013 } as const, 401, 'SubjectTokenRejected'],
    [{ kind: 'app-not-in-tenant', code: 700016 } as const, 400, 'WorkloadAppNotInTenant'],
    [{ kind: 'interaction', code: 50058 } as const, 401, 'AuthUIRequired'],
    [{ kind: 'invalid-grant', code: 50173 } as const, 401, 'AuthUIRequired'],
    [{ kind: 'invalid-client', code: 7000215 } as const, 503, 'BackendCredentialRejected'],
    [{ kind: 'transient', retryAfterMs: 2_500 } as const, 503, 'EntraUnavailable'],
    [{ kind: 'other', code: 70011, errorCode: 'invalid_scope' } as const, 500, 'TokenAcquisitionFailed'],
  ])('%j → %d %s', (f, status, errorCode) => {
    const e = failureAnswer(f, ctx);
    expect(e.status).toBe(status);
    expect(e.errorCode).toBe(errorCode);
  });

  it('transient → Retry-After from Entra (rounded up), else 5 s', () => {
    expect(failureAnswer({ kind: 'transient', retryAfterMs: 2_500 }, ctx).headers['Retry-After']).toBe('3');
    expect(failureAnswer({ kind: 'transient' }, ctx).headers['Retry-After']).toBe('5');
  });

  it('a job holding a long-running grant cannot show UI: consent, claims and rejected refreshes end it (401, permanent)', () => {
    for (const f of [{ kind: 'consent', code: 65001 }, { kind: 'claims', claims: '{}' }, { kind: 'invalid-grant', code: 70000 }, { kind: 'bad-assertion', code: 50013 }] as const) {
      const e = failureAnswer(f, { ...ctx, flow: 'longRunning' });
      expect(e.toBody()).toMatchObject({ errorCode: 'LongRunningGrantInvalid', isPermanent: true });
    }
    expect(failureAnswer({ kind: 'transient' }, { ...ctx, flow: 'longRunning' }).status).toBe(503);
  });

  it('a refused redirect is the same setup problem in every flow (500 TokenAcquisitionFailed, never the grant\'s fault)', () => {
    for (const flow of ['onBehalfOf', 'appOnly', 'longRunning'] as const) {
      const e = failureAnswer({ kind: 'redirect' }, { ...ctx, flow });
      expect(e.status).toBe(500);
      expect(e.toBody()).toMatchObject({ errorCode: 'TokenAcquisitionFailed', message: 'Token acquisition failed (Entra ID answered with a redirect, which is never followed)', isPermanent: false });
    }
  });

  it('app-only failures are setup problems (500), except outages and credential rejection', () => {
    expect(failureAnswer({ kind: 'consent', code: 65001 }, { ...ctx, flow: 'appOnly' }).status).toBe(500);
    expect(failureAnswer({ kind: 'transient' }, { ...ctx, flow: 'appOnly' }).status).toBe(503);
  });
});
