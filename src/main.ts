/**
 * What package.json "main" loads (bundled into dist/main.js by `npm run build`): src/index.ts first, then every
 * function file, in alphabetical order. A new file in src/functions/ gets a line here.
 */
import './index';
import './functions/data-plane';
import './functions/endpoint-resolution';
import './functions/health';
import './functions/item-lifecycle';
import './functions/item-retention';
import './functions/items-wdk';
import './functions/job-poison';
import './functions/job-runner';
import './functions/jobs-toolkit';
import './functions/jobs-wdk';
