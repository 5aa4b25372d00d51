/**
 * Jobs, Extensibility Toolkit generation (POST, the body names the job):
 *   workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs/onCreateJobInstance    → 201 ItemJobInstanceState
 *   workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs/onGetJobInstanceStatus → 200 ItemJobInstanceState
 *   workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs/onCancelJobInstance    → 200 ItemJobInstanceState
 * Create needs the subject token (the job acts on the user's behalf); status and cancel do not.
 */
import { app } from '@azure/functions';
import { controlPlane } from '../auth/inbound/pre-handlers';
import { toolkitRoutes } from '../jobs/http-routes';
import { getJobService } from '../jobs/runtime';

const JOBS = 'workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs';
const routes = toolkitRoutes(getJobService);

app.http('jobsToolkitCreate', { methods: ['POST'], authLevel: 'anonymous', route: `${JOBS}/onCreateJobInstance`, handler: controlPlane({ subjectToken: 'required' }, routes.create) });
app.http('jobsToolkitStatus', { methods: ['POST'], authLevel: 'anonymous', route: `${JOBS}/onGetJobInstanceStatus`, handler: controlPlane({ subjectToken: 'optional' }, routes.status) });
app.http('jobsToolkitCancel', { methods: ['POST'], authLevel: 'anonymous', route: `${JOBS}/onCancelJobInstance`, handler: controlPlane({ subjectToken: 'optional' }, routes.cancel) });
