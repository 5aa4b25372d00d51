/** Handlers of src/functions/jobs-wdk.ts, loaded on first use. */
import { controlPlane } from '../../auth/inbound/pre-handlers';
import { wdkRoutes } from '../../jobs/http-routes';
import { getJobService } from '../../jobs/runtime';

const routes = wdkRoutes(getJobService);

export const create = controlPlane({ subjectToken: 'required' }, routes.create);
export const state = controlPlane({ subjectToken: 'optional' }, routes.state);
export const cancel = controlPlane({ subjectToken: 'optional' }, routes.cancel);
