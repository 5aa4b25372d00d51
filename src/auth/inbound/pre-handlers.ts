/**
 * Pre-handlers: compose authentication in front of an operation's handler and wrap the result in httpHandler, so
 * every failure becomes Fabric's error body. The InboundAuth comes from the caller: the function handlers pass the
 * app's (src/handlers.ts), tests and the bench their own.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { httpHandler, type HttpHandler, type RequestScope } from '../../http/handler';
import type { ControlPlaneAuthContext, DataPlaneAuthContext } from './context';
import { authenticateControlPlane, type ControlPlaneOptions } from './control-plane';
import { authenticateDataPlane, type DataPlaneOptions } from './data-plane';
import type { InboundAuth } from './inbound-auth';

export type ControlPlaneHandler = (req: HttpRequest, auth: ControlPlaneAuthContext, scope: RequestScope) => Promise<HttpResponseInit>;
export type DataPlaneHandler = (req: HttpRequest, auth: DataPlaneAuthContext, scope: RequestScope) => Promise<HttpResponseInit>;
export type InboundAuthProvider = InboundAuth | (() => InboundAuth);

const resolve = (provider: InboundAuthProvider): InboundAuth => (typeof provider === 'function' ? provider() : provider);

export function controlPlaneWith(provider: InboundAuthProvider, options: ControlPlaneOptions, handler: ControlPlaneHandler): HttpHandler {
  if (options.subjectToken !== 'required' && options.subjectToken !== 'optional') throw new TypeError('controlPlane: subjectToken must be "required" or "optional"');
  if (options.tenantHeader !== undefined && options.tenantHeader !== 'required' && options.tenantHeader !== 'notSent') throw new TypeError('controlPlane: tenantHeader must be "required" or "notSent"');
  return httpHandler(async (req, scope) => handler(req, await authenticateControlPlane(resolve(provider), req, options, scope), scope));
}

export function dataPlaneWith(provider: InboundAuthProvider, options: DataPlaneOptions, handler: DataPlaneHandler): HttpHandler {
  if (options.scopes.length === 0 || options.scopes.some((s) => typeof s !== 'string' || s.length === 0 || /\s/.test(s))) {
    throw new TypeError('dataPlane: scopes must be a non-empty list of scope names');
  }
  return httpHandler(async (req, scope) => handler(req, await authenticateDataPlane(resolve(provider), req, options, scope), scope));
}
