/**
 * Runs the compiled local function host as a child process for integration tests (see
 * devtools/host/child-process.ts): exactly the given settings, NODE_EXTRA_CA_CERTS inherited, local.settings.json
 * not read unless asked for, PORT=0 by default (the real port is read from the ready line).
 * Build first (`npm test` does; otherwise `npx tsc -p .`).
 */
import { startHostProcess, type HostProcess, type HostProcessOptions } from '../../devtools/host/child-process';

export { HOST_CLI, REPO_ROOT } from '../../devtools/host/child-process';

export type StartHostOptions = Omit<HostProcessOptions, 'env' | 'onOutput' | 'detached'>;
export type RunningHost = HostProcess;

export function startHost(env: Record<string, string>, opts: StartHostOptions = {}): Promise<RunningHost> {
  return startHostProcess({ ...opts, env });
}
