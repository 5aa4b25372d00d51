/**
 * Jobs, Extensibility Toolkit generation (POST, the body names the job):
 *   workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs/onCreateJobInstance    → 201 ItemJobInstanceState
 *   workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs/onGetJobInstanceStatus → 200 ItemJobInstanceState
 *   workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs/onCancelJobInstance    → 200 ItemJobInstanceState
 * Create needs the subject token (the job acts on the user's behalf); status and cancel do not.
 */
import { app } from '@azure/functions';
import { lazyHandler } from '../http/lazy';

const JOBS = 'workspaces/{workspaceId}/items/{itemType}/{itemId}/jobs';
const handlers = () => import('./handlers/jobs-toolkit.js');

app.http('jobsToolkitCreate', { methods: ['POST'], authLevel: 'anonymous', route: `${JOBS}/onCreateJobInstance`, handler: lazyHandler(async () => (await handlers()).create) });
app.http('jobsToolkitStatus', { methods: ['POST'], authLevel: 'anonymous', route: `${JOBS}/onGetJobInstanceStatus`, handler: lazyHandler(async () => (await handlers()).status) });
app.http('jobsToolkitCancel', { methods: ['POST'], authLevel: 'anonymous', route: `${JOBS}/onCancelJobInstance`, handler: lazyHandler(async () => (await handlers()).cancel) });
