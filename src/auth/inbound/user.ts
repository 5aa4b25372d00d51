import type { EntraClaims } from './claims';
import type { UserIdentity } from './context';

/** The user behind a checked delegated token (oid present). Name and upn are display only. */
export function userFrom(claims: EntraClaims & { readonly oid: string }): UserIdentity {
  return {
    tenantId: claims.tid,
    oid: claims.oid,
    ...(claims.name ? { name: claims.name } : {}),
    ...(claims.upn ? { upn: claims.upn } : {}),
  };
}
