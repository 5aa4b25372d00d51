/**
 * Endpoint resolution (WDK `POST /resolve-api-path-placeholder`, toolkit `POST /resolve-endpoint`): Fabric asks
 * where to send this workload's calls; the answer is this endpoint's public base URL (PUBLIC_BASE_URL, which
 * defaults to https://$WEBSITE_HOSTNAME/api) for 60 minutes. One region, so the context does not change the answer.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { ControlPlaneAuthContext } from '../auth/inbound/context';
import { InvalidRequestError, ServiceUnavailableError } from '../fabric/errors';
import type { RequestScope } from '../http/handler';
import { readJsonObject } from '../http/body';
import { enumFromWire } from '../fabric/wire-enum';
import { json } from '../http/respond';

export const ENDPOINT_TTL_MINUTES = 60;
/**
 * Swagger `EndpointResolutionContextPropertyName`, in the contract's order (numbers 0 to 3). Other names are accepted
 * (forward compatible) and ignored; other numbers are not (a number outside the list names nothing).
 */
export const ENDPOINT_CONTEXT_NAMES = ['EndpointName', 'TenantRegion', 'WorkspaceRegion', 'TenantId'] as const;
const MAX_CONTEXT_ENTRIES = 16;
const MAX_NAME_LENGTH = 64;
const MAX_VALUE_LENGTH = 256;
const MAX_BODY_BYTES = 16 * 1024;

export interface EndpointContextProperty {
  readonly name: string;
  readonly value: string;
}

/** Swagger `EndpointResolutionRequest`: `{ context: [{ name, value }] }` (required). Pure; throws 400. */
export function parseEndpointResolutionRequest(body: Record<string, unknown>): readonly EndpointContextProperty[] {
  const context = body.context;
  if (!Array.isArray(context)) throw new InvalidRequestError('context must be an array of { name, value }', { errorCode: 'InvalidRequestBody' });
  if (context.length > MAX_CONTEXT_ENTRIES) throw new InvalidRequestError(`context has more than ${MAX_CONTEXT_ENTRIES} entries`, { errorCode: 'InvalidRequestBody' });
  return context.map((entry: unknown, i) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new InvalidRequestError(`context[${i}] must be an object with name and value`, { errorCode: 'InvalidRequestBody' });
    const { name: raw, value } = entry as Record<string, unknown>;
    // A number is the enum member's number, as .NET senders without a string-enum converter write it.
    const name = typeof raw === 'number' ? enumFromWire(raw, ENDPOINT_CONTEXT_NAMES) : raw;
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
      throw new InvalidRequestError(`context[${i}].name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters, or a number 0 to ${ENDPOINT_CONTEXT_NAMES.length - 1}`, { errorCode: 'InvalidRequestBody' });
    }
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) throw new InvalidRequestError(`context[${i}].value must be a string of at most ${MAX_VALUE_LENGTH} characters`, { errorCode: 'InvalidRequestBody' });
    return { name, value };
  });
}

/** Swagger `EndpointResolutionResponse`. */
export function resolveEndpoint(publicBaseUrl: string | undefined): { readonly url: string; readonly ttlInMinutes: number } {
  if (!publicBaseUrl) throw new ServiceUnavailableError('This endpoint does not know its public URL: set PUBLIC_BASE_URL (or run where WEBSITE_HOSTNAME is set)', { errorCode: 'EndpointNotConfigured' });
  return { url: publicBaseUrl, ttlInMinutes: ENDPOINT_TTL_MINUTES };
}

export function createEndpointResolutionRoute(publicBaseUrl: () => string | undefined) {
  return async (req: HttpRequest, _auth: ControlPlaneAuthContext, scope: RequestScope): Promise<HttpResponseInit> => {
    const context = parseEndpointResolutionRequest(await readJsonObject(req, { maxBytes: MAX_BODY_BYTES }));
    const unknown = context.filter((c) => !(ENDPOINT_CONTEXT_NAMES as readonly string[]).includes(c.name)).length;
    if (unknown > 0) scope.log.info('Endpoint resolution context has properties this endpoint does not know', { unknown });
    return json(200, resolveEndpoint(publicBaseUrl()));
  };
}
