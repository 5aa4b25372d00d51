/** Handlers of src/functions/jobs-toolkit.ts, loaded on first use. */
import { toolkitRoutes } from '../../jobs/http-routes';
import { controlPlane, getApp } from './app';

const routes = toolkitRoutes(() => getApp().jobs);

export const create = controlPlane({ subjectToken: 'required' }, routes.create);
export const status = controlPlane({ subjectToken: 'optional' }, routes.status);
export const cancel = controlPlane({ subjectToken: 'optional' }, routes.cancel);
