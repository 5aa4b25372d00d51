/** Handler of src/functions/health.ts, loaded on first use. */
import { createHealthHandler } from '../../health/handler';
import { getApp } from './app';

export const healthHandler = createHealthHandler(getApp);
