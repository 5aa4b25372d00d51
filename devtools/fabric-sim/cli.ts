/**
 * `npm run fabric -- <command>`: plays Fabric (and the workload frontend) against the endpoint.
 * By default it targets the running sandbox (.cache/sandbox.json): its base URL, and its control API for tokens.
 * Run `npm run fabric -- help` for every command; the commands are in commands.ts.
 */
import { runSimulator } from './commands';

// Exit at once: idle keep-alive connections must not hold the process for seconds.
void runSimulator(process.argv.slice(2)).then((code) => process.exit(code));
