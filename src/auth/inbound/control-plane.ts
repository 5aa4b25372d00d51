/**
 * Authenticates a control-plane call (Fabric → workload, `SubjectAndAppToken1.0`; docs/security.md, rule 20):
 * - appToken: app-only (idtyp app, no scp), from a Fabric app id (FABRIC_APP_IDS), in the publisher tenant;
 * - subjectToken (required or optional per operation): delegated, same appid/azp as the appToken, tid equal to the
 *   tenant header, and the FabricWorkloadControl scope (exact word);
 * - tenant header required (x-ms-client-tenant-id, GUID) except for endpoint resolution, where Fabric does not send it.
 * Authentication failures → 401, a missing scope → 403, no signing keys → 503.
 */
import type { HttpRequest } from '@azure/functions';
import type { RequestScope } from '../../http/handler';
import { hasScope, isAppOnly, isDelegated, type EntraClaims } from './claims';
import type { ControlPlaneAuthContext } from './context';
import { AuthenticationFailed, InsufficientScope } from './errors';
import { parseSubjectAndAppToken, type SubjectAndAppToken } from './header';
import type { InboundAuth } from './inbound-auth';
import { rejectionFor, tokenRejection } from './rejections';
import { readTenantHeader } from './tenant-header';
import { userFrom } from './user';

export const FABRIC_WORKLOAD_CONTROL_SCOPE = 'FabricWorkloadControl';

export interface ControlPlaneOptions {
  /** 'required' for create/update; 'optional' for delete and endpoint resolution (subjectToken="" means app-only). */
  readonly subjectToken: 'required' | 'optional';
  /** 'required' (default) for every call except endpoint resolution ('notSent'). */
  readonly tenantHeader?: 'required' | 'notSent';
}

function checkAppToken(app: EntraClaims, auth: InboundAuth): void {
  if (!isAppOnly(app)) throw new AuthenticationFailed('appToken is not an app-only token', 'TokenKindNotAccepted');
  if (!app.oid) throw new AuthenticationFailed('appToken oid claim is missing', 'InvalidToken');
  if (!auth.settings.fabricAppIds.includes(app.clientAppId)) throw new AuthenticationFailed('appToken is not from a Fabric application', 'CallerNotAllowed');
  if (app.tid !== auth.settings.tenantId) throw new AuthenticationFailed('appToken is not from the publisher tenant', 'CallerNotAllowed');
}

function checkSubjectToken(subject: EntraClaims, app: EntraClaims, tenantHeader: string | undefined): void {
  if (!isDelegated(subject)) throw new AuthenticationFailed('subjectToken is not a delegated user token', 'TokenKindNotAccepted');
  if (!subject.oid) throw new AuthenticationFailed('subjectToken oid claim is missing', 'InvalidToken');
  if (subject.clientAppId !== app.clientAppId) throw new AuthenticationFailed('subjectToken and appToken were issued to different applications', 'CallerNotAllowed');
  if (tenantHeader !== undefined && subject.tid !== tenantHeader) throw new AuthenticationFailed('subjectToken tenant does not match the x-ms-client-tenant-id header', 'TenantMismatch');
  if (!hasScope(subject, FABRIC_WORKLOAD_CONTROL_SCOPE)) throw new InsufficientScope(`subjectToken lacks the ${FABRIC_WORKLOAD_CONTROL_SCOPE} scope`, [FABRIC_WORKLOAD_CONTROL_SCOPE]);
}

/** appToken first: a call whose app token fails costs no work on its subject token, and its error is the one reported. */
async function validateBoth(auth: InboundAuth, tokens: SubjectAndAppToken): Promise<{ app: EntraClaims; subject?: EntraClaims }> {
  let app: EntraClaims;
  try {
    app = await auth.validator.validate(tokens.appToken);
  } catch (err) {
    throw tokenRejection('appToken', err);
  }
  if (tokens.subjectToken === undefined) return { app };
  try {
    return { app, subject: await auth.validator.validate(tokens.subjectToken) };
  } catch (err) {
    throw tokenRejection('subjectToken', err);
  }
}

export async function authenticateControlPlane(auth: InboundAuth, req: HttpRequest, options: ControlPlaneOptions, scope: RequestScope): Promise<ControlPlaneAuthContext> {
  let tokens: SubjectAndAppToken | undefined;
  try {
    tokens = parseSubjectAndAppToken(req.headers.get('authorization'));
    const tenantHeader = (options.tenantHeader ?? 'required') === 'required' ? readTenantHeader(req.headers) : undefined;
    if (options.subjectToken === 'required' && tokens.subjectToken === undefined) {
      throw new AuthenticationFailed('subjectToken is required for this operation', 'SubjectTokenRequired');
    }
    const { app, subject } = await validateBoth(auth, tokens);
    checkAppToken(app, auth);
    if (subject) checkSubjectToken(subject, app, tenantHeader);
    return {
      kind: 'controlPlane',
      tenantId: tenantHeader ?? subject?.tid ?? auth.settings.tenantId,
      publisherTenantId: auth.settings.tenantId,
      callerAppId: app.clientAppId,
      ...(subject ? { user: userFrom({ ...subject, oid: subject.oid! }), subjectToken: tokens.subjectToken } : {}),
      correlation: scope.correlation,
    };
  } catch (err) {
    throw rejectionFor(err, scope.log, { appToken: tokens?.appToken, subjectToken: tokens?.subjectToken });
  }
}
