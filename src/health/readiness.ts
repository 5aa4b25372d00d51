/**
 * Readiness of this endpoint: the configuration is valid and token signing keys are loaded (the first check may
 * trigger the first JWKS load, bounded by its timeout). Reports which check failed, never values or secrets.
 */
import type { HttpResponseInit } from '@azure/functions';
import { ConfigError } from '../config/errors';
import { getConfig } from '../config/runtime';
import { getInboundAuth } from '../auth/inbound/runtime';
import { json } from '../http/respond';

export interface Readiness {
  readonly status: 'ready' | 'notReady';
  readonly checks: {
    readonly configuration: 'ok' | 'invalid';
    readonly signingKeys: 'loaded' | 'unavailable' | 'notChecked';
  };
}

export async function checkReadiness(): Promise<Readiness> {
  try {
    getConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { status: 'notReady', checks: { configuration: 'invalid', signingKeys: 'notChecked' } };
  }
  const keysLoaded = await getInboundAuth().keys.prime();
  return { status: keysLoaded ? 'ready' : 'notReady', checks: { configuration: 'ok', signingKeys: keysLoaded ? 'loaded' : 'unavailable' } };
}

/** 200 when ready, else 503; never cached. */
export function readinessResponse(readiness: Readiness): HttpResponseInit {
  return json(readiness.status === 'ready' ? 200 : 503, readiness, { 'Cache-Control': 'no-store' });
}
