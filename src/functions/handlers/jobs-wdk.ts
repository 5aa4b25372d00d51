/** Handlers of src/functions/jobs-wdk.ts, loaded on first use. */
import { wdkRoutes } from '../../jobs/http-routes';
import { controlPlane, getApp } from './app';

const routes = wdkRoutes(() => getApp().jobs);

export const create = controlPlane({ subjectToken: 'required' }, routes.create);
export const state = controlPlane({ subjectToken: 'optional' }, routes.state);
export const cancel = controlPlane({ subjectToken: 'optional' }, routes.cancel);
