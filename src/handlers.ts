/**
 * Every function's handler, bound to the process's app (src/app.ts). The function files (src/functions/*.ts) reach
 * these through src/root.ts, which loads this module — and with it the app's whole graph — on the first invocation.
 */
import type { ControlPlaneOptions } from './auth/inbound/control-plane';
import type { DataPlaneOptions } from './auth/inbound/data-plane';
import type { InboundAuth } from './auth/inbound/inbound-auth';
import { controlPlaneWith, dataPlaneWith, type ControlPlaneHandler, type DataPlaneHandler } from './auth/inbound/pre-handlers';
import { getApp } from './app';
import { DATA_PLANE_SCOPES, getItemPermissions, getItemRead, getItemState } from './data-plane';
import { createEndpointResolutionRoute } from './endpoint-resolution/route';
import { createHealthHandler } from './health/handler';
import type { HttpHandler } from './http/handler';
import { purgeExpiredItemsHandler } from './items/retention-timer';
import { createToolkitRoutes } from './items/toolkit-routes';
import { createWdkRoutes } from './items/wdk-routes';
import { toolkitRoutes, wdkRoutes } from './jobs/http-routes';
import { poisonJobHandler, runJobHandler } from './jobs/queue-handlers';

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

const { controlPlane, dataPlane } = appPreHandlers(getApp);

export const health = createHealthHandler(getApp);

export const resolveEndpoint = controlPlane({ subjectToken: 'optional', tenantHeader: 'notSent' }, createEndpointResolutionRoute(() => getApp().config.publicBaseUrl));

const toolkitItems = createToolkitRoutes(() => getApp().items);
export const itemLifecycle = {
  onCreateItem: controlPlane({ subjectToken: 'required' }, toolkitItems.onCreateItem),
  onUpdateItem: controlPlane({ subjectToken: 'required' }, toolkitItems.onUpdateItem),
  onDeleteItem: controlPlane({ subjectToken: 'optional' }, toolkitItems.onDeleteItem),
  onRestoreItem: controlPlane({ subjectToken: 'optional' }, toolkitItems.onRestoreItem),
};

const wdkItems = createWdkRoutes(() => getApp().items);
export const itemsWdk = {
  createItem: controlPlane({ subjectToken: 'required' }, wdkItems.createItem),
  updateItem: controlPlane({ subjectToken: 'required' }, wdkItems.updateItem),
  deleteItem: controlPlane({ subjectToken: 'optional' }, wdkItems.deleteItem),
  getItemPayload: controlPlane({ subjectToken: 'required' }, wdkItems.getItemPayload),
};

export const purgeExpiredItems = purgeExpiredItemsHandler(() => getApp().items);

const toolkitJobs = toolkitRoutes(() => getApp().jobs);
export const jobsToolkit = {
  create: controlPlane({ subjectToken: 'required' }, toolkitJobs.create),
  status: controlPlane({ subjectToken: 'optional' }, toolkitJobs.status),
  cancel: controlPlane({ subjectToken: 'optional' }, toolkitJobs.cancel),
};

const wdkJobs = wdkRoutes(() => getApp().jobs);
export const jobsWdk = {
  create: controlPlane({ subjectToken: 'required' }, wdkJobs.create),
  state: controlPlane({ subjectToken: 'optional' }, wdkJobs.state),
  cancel: controlPlane({ subjectToken: 'optional' }, wdkJobs.cancel),
};

export const runJob = runJobHandler(() => getApp().runner);
export const failPoisonedJob = poisonJobHandler(() => getApp().runner);

const dataPlaneDeps = { fabric: () => getApp().fabricApi, items: () => getApp().items, registry: () => getApp().registry };
export const itemData = {
  permissions: dataPlane({ scopes: DATA_PLANE_SCOPES.read }, getItemPermissions(dataPlaneDeps)),
  state: dataPlane({ scopes: DATA_PLANE_SCOPES.read }, getItemState(dataPlaneDeps)),
  read: dataPlane({ scopes: DATA_PLANE_SCOPES.read }, getItemRead(dataPlaneDeps)),
};
