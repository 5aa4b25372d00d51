/**
 * `npm run fabric -- <command>`: plays Fabric (and the workload frontend) against the endpoint.
 * By default it targets the running sandbox (.cache/sandbox.json): its base URL, and its control API for tokens.
 * Run `npm run fabric -- help` for every command.
 */
import { randomUUID } from 'node:crypto';
import type { LocalUser } from '../local-entra/fabric-tokens';
import { DEFAULT_STATE_FILE, readSandboxState, type SandboxState } from '../sandbox/state';
import { intOption, numberOption, parseArgs, stringOption, UsageError, type ParsedArgs } from './args';
import { EndpointClient, ITEM_READ_SCOPE, jsonDefinition, type Answer, type ItemRef, WDK_INVOKE_TYPE_MANUAL } from './endpoint-client';
import { consoleReporter, formatProgress, parseJobProgress } from './progress';
import { SandboxLink } from './sandbox-link';
import { CALCULATOR_PART, DEFAULT_WORKLOAD_NAME, runScenario, ScenarioFailure, type CalculatorContent, type Operator } from './scenario';

const HELP = `Fabric simulator: plays Fabric against the endpoint (default: the running sandbox from \`npm run dev\`).

Usage: npm run fabric -- <command> [options]

Story
  scenario                      create → update → data plane → job with progress → result → cancel a job → delete → restore
      [--wdk] [--steps 5] [--step-delay-ms 1000] [--poll-seconds 2] [--timeout-seconds 120]

Items (Extensibility Toolkit routes; --wdk for the WDK v1 routes)
  create-item   [--item <id>] [--operand1 6] [--operand2 7] [--operator add|subtract|multiply|divide] [--display-name <text>]
  update-item   --item <id> [--operand1] [--operand2] [--operator]
  delete-item   --item <id> [--hard]         (toolkit: Soft unless --hard)
  restore-item  --item <id>                  (toolkit only)
  get-payload   --item <id>                  (WDK only)

Jobs (job type <workload>.Calculator.Calculate)
  create-job    --item <id> [--job <id>] [--steps 5] [--step-delay-ms 1000]
  job-status    --item <id> --job <id>
  watch-job     --item <id> --job <id> [--poll-seconds 2]      poll with a progress display until the job ends
  cancel-job    --item <id> --job <id>
  read-result   --item <id> --job <id>                         the job's output file in OneLake (sandbox only)

Other routes
  health                        GET /health
  resolve-endpoint              POST /resolve-endpoint (app token only)
  permissions   --item <id>     data plane: GET …/permissions (Bearer, scope ${ITEM_READ_SCOPE})
  item-state    --item <id>     data plane: GET …/state
  item-read     --item <id> --name <read>                      data plane: GET …/reads/{read}, a read the item type declares

Sandbox controls
  grant         --item <id> [--permissions Read,Write]        what the local Fabric API answers for the user
  consent-error on|off          the local Entra ID answers On-Behalf-Of with AADSTS65001 (consent required)
  info                          the sandbox's identities and endpoints

Common options
  --base-url <url>      endpoint base URL incl. route prefix (default: the sandbox's, e.g. http://127.0.0.1:7071/api)
  --state <file>        sandbox state file (default .cache/sandbox.json)
  --workspace <id>      workspace id (default: the sandbox's workspace)
  --workload <name>     workload name (default ${DEFAULT_WORKLOAD_NAME})
  --as <tenant>:<oid>   call as another user (default: the sandbox's user)
  --app-only            control-plane call without a user (subjectToken="")
  --wdk                 use the WDK v1 routes
`;

const BOOLEAN_FLAGS = ['wdk', 'hard', 'app-only', 'help'];

interface Context {
  readonly args: ParsedArgs;
  readonly state: SandboxState;
  readonly link: SandboxLink;
  readonly client: EndpointClient;
  readonly workspaceId: string;
  readonly workload: string;
  readonly user: LocalUser;
  readonly callAs: LocalUser | null;
  readonly wdk: boolean;
}

function loadState(args: ParsedArgs): SandboxState {
  const file = stringOption(args.options, 'state') ?? DEFAULT_STATE_FILE;
  const state = readSandboxState(file);
  if (!state) throw new UsageError(`No running sandbox found (${file}). Start one with \`npm run dev\` in another terminal.`);
  return state;
}

function userOption(args: ParsedArgs, fallback: LocalUser): LocalUser {
  const v = stringOption(args.options, 'as');
  if (!v) return fallback;
  const [tenantId, oid] = v.split(':');
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!guid.test(tenantId ?? '') || !guid.test(oid ?? '')) throw new UsageError('--as must be <tenantId>:<objectId> (two GUIDs)');
  return { tenantId, oid, name: 'Simulated user', upn: `user-${oid.slice(0, 8)}@contoso.local` };
}

function required(args: ParsedArgs, name: string): string {
  const v = stringOption(args.options, name);
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

function content(args: ParsedArgs): CalculatorContent {
  const operator = (stringOption(args.options, 'operator') ?? 'add') as Operator;
  if (!['add', 'subtract', 'multiply', 'divide'].includes(operator)) throw new UsageError('--operator must be add, subtract, multiply or divide');
  return { operand1: numberOption(args.options, 'operand1', 6), operand2: numberOption(args.options, 'operand2', 7), operator };
}

function print(a: Answer): boolean {
  const ok = a.status >= 200 && a.status < 300;
  console.log(`${a.method} ${a.path} → ${a.status} (${a.ms} ms)`);
  if (a.text) console.log(a.json !== undefined ? JSON.stringify(a.json, null, 2) : a.text);
  return ok;
}

async function run(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, BOOLEAN_FLAGS);
  const command = args.positional[0];
  if (!command || command === 'help' || args.options.help) {
    console.log(HELP);
    return 0;
  }
  const state = loadState(args);
  const link = new SandboxLink(state);
  const client = new EndpointClient(stringOption(args.options, 'base-url') ?? state.baseUrl, link);
  const user = userOption(args, state.user);
  const ctx: Context = {
    args,
    state,
    link,
    client,
    workspaceId: stringOption(args.options, 'workspace') ?? state.workspaceId,
    workload: stringOption(args.options, 'workload') ?? DEFAULT_WORKLOAD_NAME,
    user,
    callAs: args.options['app-only'] ? null : user,
    wdk: args.options.wdk === true,
  };
  const item = (id = required(args, 'item')): ItemRef => ({ workspaceId: ctx.workspaceId, itemType: `${ctx.workload}.Calculator`, itemId: id });
  const jobType = `${ctx.workload}.Calculator.Calculate`;

  switch (command) {
    case 'scenario': {
      try {
        await runScenario({
          client,
          fabric: link,
          workspaceId: ctx.workspaceId,
          user,
          reporter: consoleReporter(),
          generation: ctx.wdk ? 'wdk' : 'toolkit',
          workloadName: ctx.workload,
          steps: intOption(args.options, 'steps', 5, 1, 1000),
          stepDelayMs: intOption(args.options, 'step-delay-ms', 1000, 0, 60_000),
          pollIntervalMs: numberOption(args.options, 'poll-seconds', 2) * 1000,
          jobTimeoutMs: numberOption(args.options, 'timeout-seconds', 120) * 1000,
        });
        return 0;
      } catch (err) {
        if (err instanceof ScenarioFailure) {
          console.error(`\nScenario FAILED. ${err.message}`);
          return 1;
        }
        throw err;
      }
    }
    case 'health':
      return print(await client.health()) ? 0 : 1;
    case 'resolve-endpoint':
      return print(await client.resolveEndpoint([{ name: 'EndpointName', value: 'Workload' }, { name: 'TenantId', value: user.tenantId }])) ? 0 : 1;
    case 'create-item': {
      const id = stringOption(args.options, 'item') ?? randomUUID();
      const c = content(args);
      const displayName = stringOption(args.options, 'display-name') ?? 'Simulated calculator';
      await link.setPermissions(id, user.oid, ['Read', 'Write']);
      const a = ctx.wdk ? await client.wdkCreateItem(item(id), { displayName, creationPayload: c }, ctx.callAs) : await client.onCreateItem(item(id), jsonDefinition(CALCULATOR_PART, c), ctx.callAs);
      console.log(`item ${id}`);
      return print(a) ? 0 : 1;
    }
    case 'update-item': {
      const c = content(args);
      const a = ctx.wdk ? await client.wdkUpdateItem(item(), { updatePayload: c }, ctx.callAs) : await client.onUpdateItem(item(), jsonDefinition(CALCULATOR_PART, c), ctx.callAs);
      return print(a) ? 0 : 1;
    }
    case 'delete-item':
      return print(ctx.wdk ? await client.wdkDeleteItem(item(), ctx.callAs) : await client.onDeleteItem(item(), args.options.hard ? 'Hard' : 'Soft', ctx.callAs)) ? 0 : 1;
    case 'restore-item':
      if (ctx.wdk) throw new UsageError('WDK v1 has no restore route');
      return print(await client.onRestoreItem(item(), undefined, ctx.callAs)) ? 0 : 1;
    case 'get-payload':
      return print(await client.wdkGetPayload(item(), ctx.callAs)) ? 0 : 1;
    case 'create-job': {
      const jobId = stringOption(args.options, 'job') ?? randomUUID();
      const data = { steps: intOption(args.options, 'steps', 5, 1, 1000), stepDelayMs: intOption(args.options, 'step-delay-ms', 1000, 0, 60_000) };
      const a = ctx.wdk ? await client.wdkCreateJob(item(), jobType, jobId, { invokeType: WDK_INVOKE_TYPE_MANUAL, creationPayload: data }, ctx.callAs) : await client.onCreateJobInstance(item(), { jobType, jobInstanceId: jobId, executionData: data }, ctx.callAs);
      console.log(`job ${jobId}`);
      return print(a) ? 0 : 1;
    }
    case 'job-status': {
      const jobId = required(args, 'job');
      return print(ctx.wdk ? await client.wdkGetJob(item(), jobType, jobId, ctx.callAs) : await client.onGetJobInstanceStatus(item(), { jobType, jobInstanceId: jobId }, ctx.callAs)) ? 0 : 1;
    }
    case 'cancel-job': {
      const jobId = required(args, 'job');
      return print(ctx.wdk ? await client.wdkCancelJob(item(), jobType, jobId, ctx.callAs) : await client.onCancelJobInstance(item(), { jobType, jobInstanceId: jobId }, ctx.callAs)) ? 0 : 1;
    }
    case 'watch-job': {
      const jobId = required(args, 'job');
      const pollMs = numberOption(args.options, 'poll-seconds', 2) * 1000;
      const reporter = consoleReporter();
      const t0 = Date.now();
      for (;;) {
        const a = ctx.wdk ? await client.wdkGetJob(item(), jobType, jobId, ctx.callAs) : await client.onGetJobInstanceStatus(item(), { jobType, jobInstanceId: jobId }, ctx.callAs);
        if (a.status !== 200) {
          reporter.endProgress();
          return print(a) ? 0 : 1;
        }
        const status = String((a.json as { status?: unknown })?.status);
        const done = ['Completed', 'Failed', 'Cancelled'].includes(status);
        reporter.progress(formatProgress(status, Date.now() - t0, 0, done, parseJobProgress(a.headers.get('job-progress'))));
        if (done) {
          reporter.endProgress();
          print(a);
          return status === 'Completed' ? 0 : 1;
        }
        await new Promise((r) => setTimeout(r, pollMs));
      }
    }
    case 'read-result': {
      const path = `${required(args, 'item')}/Files/calculations/${required(args, 'job')}.json`;
      const file = await link.readOneLakeFile(ctx.workspaceId, path);
      if (!file) {
        console.error(`OneLake has no ${ctx.workspaceId}/${path}`);
        return 1;
      }
      console.log(file.toString('utf8'));
      return 0;
    }
    case 'permissions':
      return print(await client.itemPermissions(ctx.workspaceId, required(args, 'item'), user)) ? 0 : 1;
    case 'item-state':
      return print(await client.itemState(ctx.workspaceId, required(args, 'item'), user)) ? 0 : 1;
    case 'item-read':
      return print(await client.itemRead(item(), required(args, 'name'), user)) ? 0 : 1;
    case 'grant': {
      const permissions = (stringOption(args.options, 'permissions') ?? 'Read,Write').split(',').map((p) => p.trim()).filter(Boolean);
      await link.setPermissions(required(args, 'item'), user.oid, permissions);
      console.log(`user ${user.oid} now has ${permissions.join(', ') || 'no permissions'} on item ${String(args.options.item)}`);
      return 0;
    }
    case 'consent-error': {
      const mode = args.positional[1];
      if (mode !== 'on' && mode !== 'off') throw new UsageError('consent-error takes on or off');
      await link.setConsentError(mode === 'on');
      console.log(`Consent error injection is ${mode}: On-Behalf-Of ${mode === 'on' ? 'answers AADSTS65001' : 'works normally'}.`);
      return 0;
    }
    case 'info': {
      const { controlKey: _key, ...visible } = state;
      console.log(JSON.stringify(visible, null, 2));
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}" (see \`npm run fabric -- help\`)`);
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) console.error(err.message);
    else console.error(`Error: ${(err as Error)?.message ?? String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
