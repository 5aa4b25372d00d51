/** Handlers of src/functions/jobs-toolkit.ts, loaded on first use. */
import { controlPlane } from '../../auth/inbound/pre-handlers';
import { toolkitRoutes } from '../../jobs/http-routes';
import { getJobService } from '../../jobs/runtime';

const routes = toolkitRoutes(getJobService);

export const create = controlPlane({ subjectToken: 'required' }, routes.create);
export const status = controlPlane({ subjectToken: 'optional' }, routes.status);
export const cancel = controlPlane({ subjectToken: 'optional' }, routes.cancel);
