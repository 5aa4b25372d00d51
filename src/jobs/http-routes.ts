/**
 * The job routes of both contract generations, as control-plane handlers. They only adapt shapes: parse the path
 * and body, call the JobService, and answer Fabric's ItemJobInstanceState (plus a Job-Progress header).
 *
 * Extensibility Toolkit (POST, body carries the job):
 *   …/items/{itemType}/{itemId}/jobs/onCreateJobInstance    → 201 state
 *   …/items/{itemType}/{itemId}/jobs/onGetJobInstanceStatus → 200 state
 *   …/items/{itemType}/{itemId}/jobs/onCancelJobInstance    → 200 state
 * WDK v1 (path carries the job):
 *   POST …/jobTypes/{jobType}/instances/{jobInstanceId}        → 202, no body
 *   GET  …/jobTypes/{jobType}/instances/{jobInstanceId}        → 200 state
 *   POST …/jobTypes/{jobType}/instances/{jobInstanceId}/cancel → 200 state
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { ControlPlaneAuthContext } from '../auth/inbound/context';
import type { RequestScope } from '../http/handler';
import { readJsonObject } from '../http/body';
import { json } from '../http/respond';
import { MAX_LIFECYCLE_REQUEST_BYTES } from '../items/limits';
import type { JobCaller, JobService } from './job-service';
import { progressHeaders, type JobView } from './job-view';
import { parseItemPath, parseToolkitCreate, parseToolkitJobRef, parseWdkCreate, parseWdkJobPath } from './validation';

export type JobRouteHandler = (req: HttpRequest, auth: ControlPlaneAuthContext, scope: RequestScope) => Promise<HttpResponseInit>;

/** A create carries at most an item definition (as large as the lifecycle routes accept) plus executionData. */
export const MAX_CREATE_REQUEST_BYTES = MAX_LIFECYCLE_REQUEST_BYTES + 32 * 1024;
export const MAX_JOB_REF_REQUEST_BYTES = 16 * 1024;
/** WDK create: `{ invokeType, creationPayload? }` (creationPayload is at most 16 KB of JSON). */
export const MAX_WDK_CREATE_REQUEST_BYTES = 64 * 1024;

export function callerOf(auth: ControlPlaneAuthContext): JobCaller {
  const u = auth.user;
  return {
    tenantId: auth.tenantId,
    ...(u ? { user: { oid: u.oid, ...(u.name ? { name: u.name } : {}), ...(u.upn ? { upn: u.upn } : {}) } } : {}),
    ...(auth.subjectToken ? { subjectToken: auth.subjectToken } : {}),
  };
}

function stateAnswer(status: number, view: JobView): HttpResponseInit {
  return json(status, view.state, { headers: { ...progressHeaders(view), 'Cache-Control': 'no-store' } });
}

const params = (req: HttpRequest): Readonly<Record<string, string | undefined>> => req.params ?? {};

export function toolkitRoutes(service: () => JobService): { create: JobRouteHandler; status: JobRouteHandler; cancel: JobRouteHandler } {
  return {
    async create(req, auth, scope) {
      const item = parseItemPath(params(req));
      const input = parseToolkitCreate(await readJsonObject(req, { maxBytes: MAX_CREATE_REQUEST_BYTES }), item);
      const { view } = await service().create(callerOf(auth), input, scope.log);
      return stateAnswer(201, view);
    },
    async status(req, auth) {
      const item = parseItemPath(params(req));
      const ref = parseToolkitJobRef(await readJsonObject(req, { maxBytes: MAX_JOB_REF_REQUEST_BYTES }), item);
      return stateAnswer(200, await service().state(auth.tenantId, { ...item, ...ref }));
    },
    async cancel(req, auth, scope) {
      const item = parseItemPath(params(req));
      const ref = parseToolkitJobRef(await readJsonObject(req, { maxBytes: MAX_JOB_REF_REQUEST_BYTES }), item);
      return stateAnswer(200, await service().cancel(auth.tenantId, { ...item, ...ref }, scope.log));
    },
  };
}

export function wdkRoutes(service: () => JobService): { create: JobRouteHandler; state: JobRouteHandler; cancel: JobRouteHandler } {
  return {
    async create(req, auth, scope) {
      const path = parseWdkJobPath(params(req));
      const input = parseWdkCreate(await readJsonObject(req, { maxBytes: MAX_WDK_CREATE_REQUEST_BYTES }), path);
      await service().create(callerOf(auth), input, scope.log);
      return { status: 202 };
    },
    async state(req, auth) {
      return stateAnswer(200, await service().state(auth.tenantId, parseWdkJobPath(params(req))));
    },
    async cancel(req, auth, scope) {
      return stateAnswer(200, await service().cancel(auth.tenantId, parseWdkJobPath(params(req)), scope.log));
    },
  };
}
