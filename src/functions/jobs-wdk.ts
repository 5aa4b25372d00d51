/**
 * Jobs, Workload Development Kit v1 generation (swagger `Jobs_*`; the path names the job):
 *   POST workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}        → 202
 *   GET  workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}        → 200 ItemJobInstanceState
 *   POST workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}/cancel → 200 ItemJobInstanceState
 * Create needs the subject token (the job acts on the user's behalf); state and cancel do not.
 */
import { app } from '@azure/functions';
import { controlPlane } from '../auth/inbound/pre-handlers';
import { wdkRoutes } from '../jobs/http-routes';
import { getJobService } from '../jobs/runtime';

const INSTANCE = 'workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}';
const routes = wdkRoutes(getJobService);

app.http('jobsWdkCreate', { methods: ['POST'], authLevel: 'anonymous', route: INSTANCE, handler: controlPlane({ subjectToken: 'required' }, routes.create) });
app.http('jobsWdkState', { methods: ['GET'], authLevel: 'anonymous', route: INSTANCE, handler: controlPlane({ subjectToken: 'optional' }, routes.state) });
app.http('jobsWdkCancel', { methods: ['POST'], authLevel: 'anonymous', route: `${INSTANCE}/cancel`, handler: controlPlane({ subjectToken: 'optional' }, routes.cancel) });
