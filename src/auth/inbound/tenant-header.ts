/**
 * The caller's tenant header on control-plane calls. Fabric sends `x-ms-client-tenant-id`; the Learn sample reads
 * `ms-client-tenant-id`, so both are accepted, and when both are sent they must agree. Pure.
 */
import { LOWER_CASE_GUID } from '../../fabric/guid';
import { TenantHeaderInvalid } from './errors';

export const TENANT_HEADER = 'x-ms-client-tenant-id';
export const TENANT_HEADER_ALTERNATE = 'ms-client-tenant-id';

export interface HeaderSource {
  get(name: string): string | null;
}

/** Returns the tenant id (lower-case GUID) or throws TenantHeaderInvalid. A repeated header (joined by ",") is not a GUID. */
export function readTenantHeader(headers: HeaderSource): string {
  const primary = headers.get(TENANT_HEADER)?.trim();
  const alternate = headers.get(TENANT_HEADER_ALTERNATE)?.trim();
  const value = primary || alternate;
  if (!value) throw new TenantHeaderInvalid(`${TENANT_HEADER} header is missing`);
  const tenant = value.toLowerCase();
  if (!LOWER_CASE_GUID.test(tenant)) throw new TenantHeaderInvalid(`${TENANT_HEADER} header is not a tenant id (GUID)`);
  if (primary && alternate && alternate.toLowerCase() !== tenant) throw new TenantHeaderInvalid(`${TENANT_HEADER} and ${TENANT_HEADER_ALTERNATE} headers disagree`);
  return tenant;
}
