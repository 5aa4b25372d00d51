/**
 * The process's inbound authentication: created on first use from the validated configuration, its JWKS load
 * started at once (primed) so the first request rarely waits. One key source per process, never per request.
 */
import { getConfig } from '../../config/runtime';
import { createInboundAuth, type InboundAuth } from './inbound-auth';
import { inboundAuthSettingsFrom } from './settings';

let current: InboundAuth | undefined;

/** Throws ConfigError when the configuration is invalid (answered as 503 ConfigurationInvalid). */
export function getInboundAuth(): InboundAuth {
  if (!current) {
    current = createInboundAuth(inboundAuthSettingsFrom(getConfig()));
    void current.keys.prime();
  }
  return current;
}

/** Tests only: stop and forget the process's instance so the next use builds a new one from the configuration. */
export function resetInboundAuthForTests(): void {
  current?.close();
  current = undefined;
}
