/**
 * App entry: loaded first, then every registration file in src/functions/. `npm run build` bundles them, in that order,
 * into dist/main.js (package.json "main"; build/bundle-entry.ts says why and what stays out).
 * Validates configuration once at start-up and logs every problem; requests then fail closed with 503
 * until the configuration is fixed. Heavy SDKs are not imported here (cold start).
 */
import { app } from '@azure/functions';
import { ConfigError, getConfig } from './config';

app.setup({ enableHttpStream: false });

try {
  getConfig();
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else throw err;
}
