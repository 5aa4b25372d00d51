/**
 * Authenticates a data-plane call (workload frontend → backend, `Authorization: Bearer`; docs/security.md, rule 21):
 * a delegated token passing the common checks, from any tenant (the app is multi-tenant; the MSA tenant is refused
 * by the validator), whose scopes intersect the operation's allowed scopes (exact words). Authentication failures → 401, no allowed scope → 403, no signing keys → 503.
 */
import type { HttpRequest } from '@azure/functions';
import type { RequestScope } from '../../http/handler';
import { isDelegated, scopesOf } from './claims';
import type { DataPlaneAuthContext } from './context';
import { AuthenticationFailed, InsufficientScope } from './errors';
import { parseBearerHeader } from './bearer';
import type { InboundAuth } from './inbound-auth';
import { rejectionFor, tokenRejection } from './rejections';
import { userFrom } from './user';

export interface DataPlaneOptions {
  /** Delegated scopes of the workload app that allow the operation (any one is enough). */
  readonly scopes: readonly string[];
}

export async function authenticateDataPlane(auth: InboundAuth, req: HttpRequest, options: DataPlaneOptions, scope: RequestScope): Promise<DataPlaneAuthContext> {
  let token: string | undefined;
  try {
    token = parseBearerHeader(req.headers.get('authorization'));
    const claims = await auth.validator.validate(token).catch((err: unknown) => {
      throw tokenRejection('bearerToken', err);
    });
    if (!isDelegated(claims)) throw new AuthenticationFailed('Bearer token is not a delegated user token', 'TokenKindNotAccepted');
    if (!claims.oid) throw new AuthenticationFailed('Bearer token oid claim is missing', 'InvalidToken');
    const scopes = scopesOf(claims);
    if (!scopes.some((s) => options.scopes.includes(s))) {
      throw new InsufficientScope(`Bearer token has none of the scopes this operation accepts (${options.scopes.join(', ')})`, options.scopes);
    }
    return {
      kind: 'dataPlane',
      tenantId: claims.tid,
      user: userFrom({ ...claims, oid: claims.oid }),
      clientAppId: claims.clientAppId,
      scopes,
      token,
      correlation: scope.correlation,
    };
  } catch (err) {
    throw rejectionFor(err, scope.log, { bearerToken: token });
  }
}
