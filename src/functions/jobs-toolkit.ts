/**
 * Jobs, Extensibility Toolkit generation (POST, the body names the job):
 *   workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs/onCreateJobInstance    → 201 ItemJobInstanceState
 *   workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs/onGetJobInstanceStatus → 200 ItemJobInstanceState
 *   workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs/onCancelJobInstance    → 200 ItemJobInstanceState
 * Create needs the subject token (the job acts on the user's behalf); status and cancel do not.
 */
import { app } from '@azure/functions';
import { handlers } from '../root';

const JOBS = 'workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs';

app.http('jobsToolkitCreate', { methods: ['POST'], authLevel: 'anonymous', route: `${JOBS}/onCreateJobInstance`, handler: async (request, context) => (await handlers()).jobsToolkit.create(request, context) });
app.http('jobsToolkitStatus', { methods: ['POST'], authLevel: 'anonymous', route: `${JOBS}/onGetJobInstanceStatus`, handler: async (request, context) => (await handlers()).jobsToolkit.status(request, context) });
app.http('jobsToolkitCancel', { methods: ['POST'], authLevel: 'anonymous', route: `${JOBS}/onCancelJobInstance`, handler: async (request, context) => (await handlers()).jobsToolkit.cancel(request, context) });
