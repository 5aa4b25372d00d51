/**
 * Entra's own claim rules, checked after jose (docs/security.md, rules 14-18: tenant, exact issuer per version,
 * single-string audience per version, signing-key issuer binding, claim types). Pure: returns a typed view.
 */
import { LOWER_CASE_GUID } from '../../fabric/guid';
import { TokenInvalid } from './errors';
import { MSA_TENANT_ID, TENANT_PLACEHOLDER, type EntraIssuers } from './issuers';
import type { TokenTimes } from './lifetime';

/** The claims this endpoint relies on, type-checked. */
export interface EntraClaims extends TokenTimes {
  readonly ver: '1.0' | '2.0';
  readonly iss: string;
  readonly aud: string;
  /** Tenant (lower-case GUID). */
  readonly tid: string;
  /** Client app that obtained the token: `appid` (v1.0) or `azp` (v2.0). */
  readonly clientAppId: string;
  readonly oid?: string;
  readonly idtyp?: string;
  /** Delegated scopes, space-separated (user tokens only). */
  readonly scp?: string;
  readonly roles?: readonly string[];
  readonly name?: string;
  /** upn / unique_name (v1.0) or preferred_username (v2.0): display only, never an identity key. */
  readonly upn?: string;
}

export interface ClaimRules {
  readonly issuers: EntraIssuers;
  readonly audiences: { readonly v1: readonly string[]; readonly v2: readonly string[] };
}

const optionalString = (p: Record<string, unknown>, claim: string): string | undefined => {
  const v = p[claim];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new TokenInvalid(`${claim} claim must be a string`);
  return v;
};

const requiredNumber = (p: Record<string, unknown>, claim: 'exp' | 'nbf' | 'iat'): number => {
  const v = p[claim];
  if (v === undefined) throw new TokenInvalid(`${claim} claim is missing`);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TokenInvalid(`${claim} claim must be a number`);
  return v;
};

/**
 * Checks a signature-verified payload. `keyIssuer` is the `issuer` member of the JWKS key that verified it
 * (Entra's v2 document binds each key to `{host}/{tenantid}/v2.0`, or to one tenant).
 */
export function checkEntraClaims(payload: Record<string, unknown>, rules: ClaimRules, keyIssuer: string | undefined): EntraClaims {
  const exp = requiredNumber(payload, 'exp');
  const nbf = requiredNumber(payload, 'nbf');
  const iat = requiredNumber(payload, 'iat');

  const tid = payload.tid;
  if (tid === undefined) throw new TokenInvalid('tid claim is missing');
  if (typeof tid !== 'string' || !LOWER_CASE_GUID.test(tid)) throw new TokenInvalid('tenant (tid) is not a tenant id');
  if (tid === MSA_TENANT_ID) throw new TokenInvalid('is from the personal Microsoft account (MSA) tenant');

  const ver = payload.ver;
  if (ver === undefined) throw new TokenInvalid('ver claim is missing');
  if (ver !== '1.0' && ver !== '2.0') throw new TokenInvalid('version (ver) is not 1.0 or 2.0');

  const iss = payload.iss;
  const expectedIssuer = ver === '2.0' ? rules.issuers.v2(tid) : rules.issuers.v1(tid);
  if (typeof iss !== 'string' || iss !== expectedIssuer) throw new TokenInvalid('issuer mismatch');

  const aud = payload.aud;
  if (aud === undefined) throw new TokenInvalid('aud claim is missing');
  if (typeof aud !== 'string') throw new TokenInvalid('audience must be a single string');
  if (!(ver === '2.0' ? rules.audiences.v2 : rules.audiences.v1).includes(aud)) throw new TokenInvalid('audience mismatch');

  // Signing-key issuer binding (IdentityModel IDX40005): a key bound to other tenants or another host cannot vouch.
  if (keyIssuer !== undefined) {
    const bound = keyIssuer.replace(TENANT_PLACEHOLDER, tid);
    if (bound !== iss && bound !== rules.issuers.v2(tid)) throw new TokenInvalid('signing key is not valid for this issuer');
  }

  const scp = optionalString(payload, 'scp');
  const roles = payload.roles;
  if (roles !== undefined && !(Array.isArray(roles) && roles.every((r) => typeof r === 'string'))) throw new TokenInvalid('roles claim must be an array of strings');

  const clientAppId = optionalString(payload, ver === '2.0' ? 'azp' : 'appid');
  if (!clientAppId) throw new TokenInvalid(`client app id (${ver === '2.0' ? 'azp' : 'appid'}) is missing`);

  const oid = optionalString(payload, 'oid');
  if (oid !== undefined && !LOWER_CASE_GUID.test(oid)) throw new TokenInvalid('oid claim is not a GUID');

  const upn = ver === '2.0' ? optionalString(payload, 'preferred_username') : (optionalString(payload, 'upn') ?? optionalString(payload, 'unique_name'));
  return {
    ver,
    iss,
    aud,
    tid,
    exp,
    nbf,
    iat,
    clientAppId: clientAppId.toLowerCase(),
    oid,
    idtyp: optionalString(payload, 'idtyp'),
    scp,
    roles: roles as readonly string[] | undefined,
    name: optionalString(payload, 'name'),
    upn,
  };
}

/** Scopes of a delegated token, split on spaces (empty when none). */
export function scopesOf(claims: EntraClaims): readonly string[] {
  return claims.scp ? claims.scp.split(' ').filter((s) => s.length > 0) : [];
}

/** Scope check by exact word, never by substring or case-folding. */
export function hasScope(claims: EntraClaims, scope: string): boolean {
  return scopesOf(claims).includes(scope);
}

/** App-only token: `idtyp` = app (the most accurate signal per Entra docs) and no delegated scopes. */
export function isAppOnly(claims: EntraClaims): boolean {
  return claims.idtyp === 'app' && claims.scp === undefined;
}

/** Delegated (user) token: not typed as app and carrying delegated scopes. */
export function isDelegated(claims: EntraClaims): boolean {
  return claims.idtyp !== 'app' && scopesOf(claims).length > 0;
}
