/**
 * The sealed long-running grant: the refresh token Entra issued in the user's On-Behalf-Of exchange, encrypted with
 * AES-256-GCM so it can sit in a job record (table row, queue message) and be redeemed later by whichever instance
 * runs the job. Pure (node:crypto only); see docs/long-running-obo.md for the design and its trade-offs.
 *
 * Format: `lrg1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts). The additional authenticated data binds the
 * grant to the format, the key id, the workload app, the user's tenant, the job (workspace, item, job instance) and
 * the user's object id: a grant cannot be moved to another tenant, app, job or user, and any changed byte fails
 * authentication.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { GUID } from '../fabric/guid';
import { LongRunningGrantInvalidError } from './errors';

export const GRANT_FORMAT = 'lrg1';
export const GRANT_KEY_BYTES = 32;
/** Upper bound for a grant string we accept (refresh tokens are ~1-2 kB). */
export const MAX_GRANT_LENGTH = 16 * 1024;

export interface GrantKey {
  /** Short id stored in clear in the grant: a Key Vault secret version, or a hash prefix of a configured key. */
  readonly id: string;
  readonly key: Buffer;
}

export interface GrantContents {
  readonly refreshToken: string;
  /** MSAL home account id (uid.utid) of the user. */
  readonly homeAccountId: string;
  /** Seconds since epoch. */
  readonly issuedAt: number;
  /** Absolute end of the grant, seconds since epoch; redeeming never extends it. */
  readonly expiresAt: number;
}

/** What a grant is bound to (all GUIDs; compared lower-case). */
export interface GrantBinding {
  readonly clientId: string;
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly itemId: string;
  readonly jobInstanceId: string;
  /** The user's object id (oid) in the job's tenant. */
  readonly userObjectId: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

/** Id of a configured key: first 16 hex characters of its SHA-256 (names the key without revealing it). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** Decodes a base64 / base64url AES-256 key; undefined unless it is exactly 32 bytes. */
export function decodeGrantKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return undefined;
  const key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === GRANT_KEY_BYTES ? key : undefined;
}

/** `lrg1.<keyId>|client|tenant|workspace|item|jobInstance|oid`; GUIDs only, so no field can carry a separator. */
function aad(keyId: string, b: GrantBinding): Buffer {
  const fields = [b.clientId, b.tenantId, b.workspaceId, b.itemId, b.jobInstanceId, b.userObjectId];
  if (!fields.every((f) => typeof f === 'string' && GUID.test(f))) throw new LongRunningGrantInvalidError('not bound to an app, tenant, job and user');
  return Buffer.from(`${GRANT_FORMAT}.${keyId}|${fields.map((f) => f.toLowerCase()).join('|')}`, 'utf8');
}

export function sealGrant(contents: GrantContents, key: GrantKey, binding: GrantBinding): string {
  if (!KEY_ID.test(key.id) || key.key.length !== GRANT_KEY_BYTES) throw new Error('grant key must have a short id and 32 bytes');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aad(key.id, binding));
  const plain = Buffer.from(JSON.stringify({ rt: contents.refreshToken, hid: contents.homeAccountId, iat: contents.issuedAt, exp: contents.expiresAt }), 'utf8');
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [GRANT_FORMAT, key.id, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The key id a grant was sealed with (to pick the key); throws LongRunningGrantInvalidError when malformed. */
export function grantKeyId(grant: string): string {
  return parts(grant).keyId;
}

export function unsealGrant(grant: string, key: GrantKey, binding: GrantBinding, nowSeconds: number): GrantContents {
  const p = parts(grant);
  if (p.keyId !== key.id) throw new LongRunningGrantInvalidError('sealed with another key');
  const data = aad(p.keyId, binding);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, p.iv);
    decipher.setAAD(data);
    decipher.setAuthTag(p.tag);
    plain = Buffer.concat([decipher.update(p.ct), decipher.final()]);
  } catch {
    throw new LongRunningGrantInvalidError('does not authenticate for this app, tenant, job and user');
  }
  let v: { rt?: unknown; hid?: unknown; iat?: unknown; exp?: unknown };
  try {
    v = JSON.parse(plain.toString('utf8')) as typeof v;
  } catch {
    throw new LongRunningGrantInvalidError('unreadable contents');
  }
  if (typeof v.rt !== 'string' || v.rt === '' || typeof v.hid !== 'string' || typeof v.iat !== 'number' || typeof v.exp !== 'number') {
    throw new LongRunningGrantInvalidError('unreadable contents');
  }
  if (v.exp <= nowSeconds) throw new LongRunningGrantInvalidError('expired');
  return { refreshToken: v.rt, homeAccountId: v.hid, issuedAt: v.iat, expiresAt: v.exp };
}

function parts(grant: string): { keyId: string; iv: Buffer; ct: Buffer; tag: Buffer } {
  if (typeof grant !== 'string' || grant.length > MAX_GRANT_LENGTH) throw new LongRunningGrantInvalidError('malformed');
  const p = grant.split('.');
  if (p.length !== 5 || p[0] !== GRANT_FORMAT || !KEY_ID.test(p[1]) || !p.slice(2).every((x) => B64URL.test(x))) throw new LongRunningGrantInvalidError('malformed');
  // Canonical base64url only: a string that decodes to the same bytes through unused trailing bits is not the grant.
  const [iv, ct, tag] = p.slice(2).map((x) => {
    const bytes = Buffer.from(x, 'base64url');
    if (bytes.toString('base64url') !== x) throw new LongRunningGrantInvalidError('malformed');
    return bytes;
  });
  if (iv.length !== 12 || tag.length !== 16) throw new LongRunningGrantInvalidError('malformed');
  return { keyId: p[1], iv, ct, tag };
}
