/**
 * App entry: loaded first, then every function file in src/functions/ (src/main.ts lists them; `npm run build` bundles
 * them into dist/main.js, package.json "main").
 * Checks the configuration at start-up and logs every problem; requests then fail closed with 503 until the
 * configuration is fixed (src/app.ts builds the app from it on the first request). Heavy SDKs are not imported here
 * (cold start), nor the app itself.
 */
import { app } from '@azure/functions';
import { loadConfig } from './config/config';
import { ConfigError } from './config/errors';

app.setup({ enableHttpStream: false });

try {
  loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else throw err;
}
