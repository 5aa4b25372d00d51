/**
 * Jobs, Workload Development Kit v1 generation (swagger `Jobs_*`; the path names the job):
 *   POST workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}        → 202
 *   GET  workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}        → 200 ItemJobInstanceState
 *   POST workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}/cancel → 200 ItemJobInstanceState
 * Create needs the subject token (the job acts on the user's behalf); state and cancel do not.
 */
import { app } from '@azure/functions';
import { lazyHandler } from '../http/lazy';

const INSTANCE = 'workspaces/{workspaceId}/items/{itemType}/{itemId}/jobTypes/{jobType}/instances/{jobInstanceId}';
const handlers = () => import('./handlers/jobs-wdk.js');

app.http('jobsWdkCreate', { methods: ['POST'], authLevel: 'anonymous', route: INSTANCE, handler: lazyHandler(async () => (await handlers()).create) });
app.http('jobsWdkState', { methods: ['GET'], authLevel: 'anonymous', route: INSTANCE, handler: lazyHandler(async () => (await handlers()).state) });
app.http('jobsWdkCancel', { methods: ['POST'], authLevel: 'anonymous', route: `${INSTANCE}/cancel`, handler: lazyHandler(async () => (await handlers()).cancel) });
