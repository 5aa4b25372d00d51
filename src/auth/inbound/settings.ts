import type { Config } from '../../config/config';

/** The part of the configuration inbound authentication depends on (explicit, so tests and bench can build their own). */
export interface InboundAuthSettings {
  /** Publisher tenant (TENANT_ID): Fabric's app tokens must come from it. Lower-case GUID. */
  readonly tenantId: string;
  /** Workload backend app client id (BACKEND_APPID): the audience of v2.0 tokens. Lower-case GUID. */
  readonly backendAppId: string;
  /** Audience of v1.0 tokens (BACKEND_AUDIENCE), the manifest ResourceId. */
  readonly backendAudience: string;
  /** Entra authority host (ENTRA_AUTHORITY_HOST), no trailing slash. */
  readonly authorityHost: string;
  /** App ids accepted as the caller of control-plane calls (FABRIC_APP_IDS). Lower-case GUIDs. */
  readonly fabricAppIds: readonly string[];
}

export function inboundAuthSettingsFrom(config: Config): InboundAuthSettings {
  return {
    tenantId: config.tenantId,
    backendAppId: config.backendAppId,
    backendAudience: config.backendAudience,
    authorityHost: config.authorityHost,
    fabricAppIds: config.fabricAppIds,
  };
}

/**
 * Accepted `aud` values per token version. Kept explicit:
 * - v2.0: always the client id (Entra access-tokens doc).
 * - v1.0: the App ID URI the token was requested for, i.e. BACKEND_AUDIENCE (the manifest ResourceId Fabric and the
 *   frontend request tokens for), or the client id itself (the `aud` optional claim with `use_guid` makes Entra emit
 *   the client id; optional-claims reference). `api://{clientId}` is not accepted: it is only an audience when
 *   registered as an identifier URI, and no Fabric flow requests it.
 */
export function acceptedAudiences(settings: InboundAuthSettings): { readonly v1: readonly string[]; readonly v2: readonly string[] } {
  return { v1: [settings.backendAudience, settings.backendAppId], v2: [settings.backendAppId] };
}
