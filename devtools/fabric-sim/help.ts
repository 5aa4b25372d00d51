/**
 * The simulator's commands as the command line sees them: each one's options and usage, and the help texts. The
 * options a type declares (`cli` of defineItemType and of its jobs) are added per type (commands.ts).
 */
import { ITEM_PERMISSIONS, type ItemTypeRegistry } from '../../src/catalog';
import { stringOption, UsageError, type ParsedArgs } from './args';
import { ITEM_READ_SCOPE } from './endpoint-client';
import { describeFields, pickItemType } from './item-types';

const ITEM = ['type', 'item', 'app-only'];
const CONTENT = ['display-name', 'description', 'definition-file', 'part-file', 'payload-file'];
const JOB = ['type', 'item', 'job-type', 'job', 'wdk', 'app-only'];

export interface CommandSpec {
  readonly options: readonly string[];
  /** Which declared fields are options too: the item type's content fields, or the job type's executionData fields. */
  readonly fields?: 'item' | 'job';
  readonly positional?: number;
  readonly usage: string;
}

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  scenario: { options: ['wdk', 'steps', 'step-delay-ms', 'poll-seconds', 'timeout-seconds'], usage: 'scenario [--wdk] [--steps 5] [--step-delay-ms 1000] [--poll-seconds 2] [--timeout-seconds 120]\n  The Calculator story: create → update → data plane → job with progress → result → cancel a job → delete → restore.' },
  types: { options: [], usage: 'types\n  The item types, job types, reads and options of the workload (from its registry).' },
  'create-item': { options: [...ITEM, 'wdk', ...CONTENT], fields: 'item', usage: 'create-item [--type <type>] [--item <id>] [<content options> | --definition-file <f> | --part-file <f> | --payload-file <f>] [--wdk [--display-name <t>] [--description <t>]]\n  Prints the new item id alone (nothing when the call fails).' },
  'update-item': { options: [...ITEM, 'wdk', ...CONTENT], fields: 'item', usage: 'update-item --item <id> [--type <type>] [<content options> | --definition-file <f> | --part-file <f> | --payload-file <f>] [--wdk [--display-name <t>] [--description <t>]]\n  Changes only what is given: Toolkit reads the stored definition first (data plane) and merges; WDK sends a merge patch.' },
  'delete-item': { options: [...ITEM, 'wdk', 'hard'], usage: 'delete-item --item <id> [--type <type>] [--hard] [--wdk]   (Toolkit: Soft unless --hard)' },
  'restore-item': { options: ITEM, usage: 'restore-item --item <id> [--type <type>]   (Toolkit only)' },
  'get-payload': { options: [...ITEM, 'wdk'], usage: 'get-payload --item <id> [--type <type>]   (WDK GET …/payload)' },
  'create-job': { options: [...JOB, 'execution-data-file'], fields: 'job', usage: 'create-job --item <id> [--type <type>] [--job-type <job>] [--job <id>] [<job options> | --execution-data-file <f>] [--wdk]\n  Prints the new job id alone (nothing when the call fails).' },
  'job-status': { options: JOB, usage: 'job-status --item <id> --job <id> [--type <type>] [--job-type <job>] [--wdk]' },
  'watch-job': { options: [...JOB, 'poll-seconds'], usage: 'watch-job --item <id> --job <id> [--type <type>] [--job-type <job>] [--poll-seconds 2] [--wdk]\n  Polls with a progress display (stderr) until the job ends; exit code 0 only when it completed.' },
  'cancel-job': { options: JOB, usage: 'cancel-job --item <id> --job <id> [--type <type>] [--job-type <job>] [--wdk]' },
  'read-result': { options: ['type', 'item', 'job-type', 'job'], usage: "read-result --item <id> --job <id> [--type <type>] [--job-type <job>]\n  The job's output file in OneLake (sandbox only): the file its job type declares, else the item's one file naming the job." },
  health: { options: [], usage: 'health   GET /health' },
  'resolve-endpoint': { options: [], usage: 'resolve-endpoint   POST /resolve-endpoint (Toolkit; app token only)' },
  'resolve-api-path-placeholder': { options: [], usage: 'resolve-api-path-placeholder   POST /resolve-api-path-placeholder (WDK; app token only)' },
  permissions: { options: ['item'], usage: `permissions --item <id>   data plane GET …/permissions (Bearer, scope ${ITEM_READ_SCOPE})` },
  'item-state': { options: ['item'], usage: 'item-state --item <id>   data plane GET …/state' },
  'item-read': { options: ['type', 'item', 'name'], usage: 'item-read --item <id> --name <read> [--type <type>]   data plane GET …/reads/{read}, a read the item type declares' },
  grant: { options: ['item', 'permissions'], usage: `grant --item <id> [--permissions Read,Write]   what the local Fabric API answers for the user (${ITEM_PERMISSIONS.join(', ')}, or none)` },
  'consent-error': { options: [], positional: 2, usage: 'consent-error on|off   the local Entra ID answers On-Behalf-Of with AADSTS65001 (consent required)' },
  info: { options: [], usage: "info   the sandbox's identities and endpoints" },
  help: { options: [], positional: 2, usage: 'help [<command>]' },
};

export const HELP = `Fabric simulator: plays Fabric against the endpoint (default: the running sandbox from \`npm run dev\`).

Usage: npm run fabric -- <command> [options]        npm run fabric -- help <command>

Story
  scenario       the Calculator story, judged at every step [--wdk]

Items (Extensibility Toolkit routes; --wdk for the WDK v1 routes)
  types          the workload's item types, job types, reads and their options
  create-item    [--type <type>] [content options | --definition-file | --part-file | --payload-file]   prints the id
  update-item    --item <id> [content options | files]      only the given fields change
  delete-item    --item <id> [--hard]
  restore-item   --item <id>                                (Toolkit only)
  get-payload    --item <id>                                (WDK only)

Jobs
  create-job     --item <id> [--job-type <job>] [job options | --execution-data-file]                   prints the id
  job-status     --item <id> --job <id>
  watch-job      --item <id> --job <id> [--poll-seconds 2]  progress until the job ends
  cancel-job     --item <id> --job <id>
  read-result    --item <id> --job <id>                     the job's output file in OneLake (sandbox only)

Other routes
  health                          GET /health
  resolve-endpoint                POST /resolve-endpoint (app token only)
  resolve-api-path-placeholder    POST /resolve-api-path-placeholder (app token only)
  permissions   --item <id>       data plane GET …/permissions
  item-state    --item <id>       data plane GET …/state
  item-read     --item <id> --name <read>    data plane GET …/reads/{read}

Sandbox controls
  grant         --item <id> [--permissions Read,Write]    Fabric's permissions for the user (applies at once)
  consent-error on|off
  info

Common options
  --type <type>         item type, short (Calculator) or full name; needed when the workload serves several
  --json                one JSON object on stdout (logs stay on stderr)
  --base-url <url>      endpoint base URL incl. route prefix (default: the sandbox's, e.g. http://127.0.0.1:7071/api)
  --state <file>        sandbox state file (default .cache/sandbox.json)
  --workspace <id>      workspace id (default: the sandbox's workspace)
  --workload <name>     workload name (default: the sandbox's)
  --item-types <module> a JS module exporting ITEM_TYPES (default: the app's list, src/workload/item-types.ts as built)
  --as <tenant>:<oid>   call as another user (default: the sandbox's user)
  --app-only            control-plane call without a user (subjectToken="")
  --wdk                 use the WDK v1 routes

Exit codes: 0 success, 1 a failed call or job, 2 a mistake in the command line.
`;

/** A command's usage, with the content or job options of each type (only `--type`'s, when given). */
export function usageOf(command: string, registry: ItemTypeRegistry, args: ParsedArgs): string {
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`Unknown command "${command}" (see \`npm run fabric -- help\`)`);
  const lines = [`Usage: npm run fabric -- ${spec.usage}`];
  if (spec.fields) {
    const only = stringOption(args.options, 'type');
    for (const t of registry.itemTypes.filter((x) => !only || x === pickItemType(registry, only))) {
      if (spec.fields === 'item') {
        const f = describeFields(t.spec.cli?.fields);
        lines.push('', `--type ${t.spec.name}: ${f.length > 0 ? `content options (definition part ${t.spec.cli!.part})` : 'declares no content options: use a file'}`, ...f.map((l) => `  ${l}`));
      } else {
        for (const j of registry.jobTypes.filter((x) => x.itemType === t)) {
          const f = describeFields(j.declaration.cli?.fields);
          lines.push('', `--type ${t.spec.name} --job-type ${j.name}: ${f.length > 0 ? 'job options' : 'declares no job options: use --execution-data-file'}`, ...f.map((l) => `  ${l}`));
        }
      }
    }
  }
  return lines.join('\n');
}
