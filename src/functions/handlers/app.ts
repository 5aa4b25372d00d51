/** Pre-handlers bound to the process's app (src/app.ts): the handlers beside this file use these, never a global of their own. */
import type { ControlPlaneOptions } from '../../auth/inbound/control-plane';
import type { DataPlaneOptions } from '../../auth/inbound/data-plane';
import type { InboundAuth } from '../../auth/inbound/inbound-auth';
import { controlPlaneWith, dataPlaneWith, type ControlPlaneHandler, type DataPlaneHandler } from '../../auth/inbound/pre-handlers';
import { getApp } from '../../app';
import type { HttpHandler } from '../../http/handler';

export interface AppPreHandlers {
  /** Control plane (Fabric → workload, SubjectAndAppToken1.0) in front of handler. */
  controlPlane(options: ControlPlaneOptions, handler: ControlPlaneHandler): HttpHandler;
  /** Data plane (workload frontend → backend, Bearer) in front of handler. */
  dataPlane(options: DataPlaneOptions, handler: DataPlaneHandler): HttpHandler;
}

/** Pre-handlers authenticating with the inbound auth of the app `load` answers (a ConfigError answers 503). */
export function appPreHandlers(load: () => { readonly inboundAuth: InboundAuth }): AppPreHandlers {
  return {
    controlPlane: (options, handler) => controlPlaneWith(() => load().inboundAuth, options, handler),
    dataPlane: (options, handler) => dataPlaneWith(() => load().inboundAuth, options, handler),
  };
}

export const { controlPlane, dataPlane } = appPreHandlers(getApp);
export { getApp };
