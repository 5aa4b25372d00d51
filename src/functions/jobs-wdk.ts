/**
 * Jobs, Workload Development Kit v1 generation (swagger `Jobs_*`; the path names the job):
 *   POST workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}        → 202
 *   GET  workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}        → 200 ItemJobInstanceState
 *   POST workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}/cancel → 200 ItemJobInstanceState
 * Create needs the subject token (the job acts on the user's behalf); state and cancel do not.
 */
import { app } from '@azure/functions';
import { handlers } from '../root';

const INSTANCE = 'workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}';

app.http('jobsWdkCreate', { methods: ['POST'], authLevel: 'anonymous', route: INSTANCE, handler: async (request, context) => (await handlers()).jobsWdk.create(request, context) });
app.http('jobsWdkState', { methods: ['GET'], authLevel: 'anonymous', route: INSTANCE, handler: async (request, context) => (await handlers()).jobsWdk.state(request, context) });
app.http('jobsWdkCancel', { methods: ['POST'], authLevel: 'anonymous', route: `${INSTANCE}/cancel`, handler: async (request, context) => (await handlers()).jobsWdk.cancel(request, context) });
