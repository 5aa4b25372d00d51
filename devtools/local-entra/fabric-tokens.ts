/**
 * Tokens shaped exactly as Fabric and the Fabric frontend send them, minted by the local Entra ID.
 * Used by the tests, the sandbox and the Fabric simulator.
 */
import { randomUUID } from 'node:crypto';
import { formatSubjectAndAppToken } from '../../src/auth/inbound/header';
import type { LocalEntra } from './server';

/** Fabric's first-party app ("Power BI Service"), the usual caller of control-plane APIs. */
export const FABRIC_APP_ID = '00000009-0000-0000-c000-000000000000';
/** "Microsoft Power BI" frontend client: the app behind the workload frontend's data-plane tokens. */
export const FABRIC_FRONTEND_APP_ID = '871c010f-5e61-4fb1-83ac-98610a7e9110';

/** The workload's own identity as configured in the endpoint (TENANT_ID, BACKEND_APPID, BACKEND_AUDIENCE). */
export interface WorkloadIdentity {
  readonly publisherTenantId: string;
  readonly backendAppId: string;
  readonly backendAudience: string;
}

export interface LocalUser {
  readonly tenantId: string;
  readonly oid: string;
  readonly name?: string;
  readonly upn?: string;
}

export interface TokenOptions {
  readonly version?: 'v1' | 'v2';
  readonly expiresInSeconds?: number;
  /** Extra or overriding claims (undefined removes a claim). */
  readonly claims?: Record<string, unknown>;
  readonly callerAppId?: string;
}

const audienceFor = (w: WorkloadIdentity, version: 'v1' | 'v2') => (version === 'v2' ? w.backendAppId : w.backendAudience);

/** Fabric's app-only token, from the publisher tenant (as Fabric's S2S token to the workload). */
export function fabricAppToken(idp: LocalEntra, w: WorkloadIdentity, o: TokenOptions = {}): Promise<string> {
  const version = o.version ?? 'v1';
  const app = o.callerAppId ?? FABRIC_APP_ID;
  const oid = '9f0c6b5e-0000-4000-8000-00000000f4b1';
  return idp.mint(
    { aud: audienceFor(w, version), ...(version === 'v2' ? { azp: app, azpacr: '2' } : { appid: app, appidacr: '2' }), idtyp: 'app', oid, sub: oid, roles: ['FabricWorkloadControl'], ...o.claims },
    { tenantId: w.publisherTenantId, version, expiresInSeconds: o.expiresInSeconds },
  );
}

/** The user's delegated token Fabric forwards as subjectToken (scope FabricWorkloadControl, issued to Fabric's app). */
export function fabricSubjectToken(idp: LocalEntra, w: WorkloadIdentity, user: LocalUser, o: TokenOptions = {}): Promise<string> {
  const version = o.version ?? 'v1';
  const app = o.callerAppId ?? FABRIC_APP_ID;
  return idp.mint(
    {
      aud: audienceFor(w, version),
      ...(version === 'v2' ? { azp: app, azpacr: '0', preferred_username: user.upn } : { appid: app, appidacr: '0', upn: user.upn }),
      scp: 'FabricWorkloadControl',
      oid: user.oid,
      sub: user.oid,
      name: user.name,
      ...o.claims,
    },
    { tenantId: user.tenantId, version, expiresInSeconds: o.expiresInSeconds },
  );
}

/** The workload frontend's data-plane Bearer token for the given scopes of the workload app. */
export function frontendToken(idp: LocalEntra, w: WorkloadIdentity, user: LocalUser, scopes: readonly string[], o: TokenOptions = {}): Promise<string> {
  const version = o.version ?? 'v1';
  const app = o.callerAppId ?? FABRIC_FRONTEND_APP_ID;
  return idp.mint(
    {
      aud: audienceFor(w, version),
      ...(version === 'v2' ? { azp: app, azpacr: '0', preferred_username: user.upn } : { appid: app, appidacr: '0', upn: user.upn }),
      scp: scopes.join(' '),
      oid: user.oid,
      sub: user.oid,
      name: user.name,
      ...o.claims,
    },
    { tenantId: user.tenantId, version, expiresInSeconds: o.expiresInSeconds },
  );
}

/** Headers of a control-plane call as Fabric sends them. Without a user: app-only (subjectToken=""). */
export async function fabricHeaders(
  idp: LocalEntra,
  w: WorkloadIdentity,
  user: LocalUser | undefined,
  o: TokenOptions & { readonly userTenantId?: string; readonly appToken?: string } = {},
): Promise<Record<string, string>> {
  const appToken = o.appToken ?? (await fabricAppToken(idp, w, o));
  const subjectToken = user ? await fabricSubjectToken(idp, w, user, o) : undefined;
  return {
    authorization: formatSubjectAndAppToken({ subjectToken, appToken }),
    'x-ms-client-tenant-id': o.userTenantId ?? user?.tenantId ?? w.publisherTenantId,
    activityid: randomUUID(),
    requestid: randomUUID(),
    'content-type': 'application/json',
  };
}
