/**
 * The simulator's commands (`npm run fabric -- <command>`), one per route of the endpoint plus the sandbox controls.
 * Item and job types come from the workload's registry (item-types.ts), so a newly declared type is driven without
 * changing this file. Output: the result on stdout (create-item / create-job: the new id alone), the request lines and
 * logs on stderr; with --json, one JSON object on stdout. Exit codes: 0 success, 1 a failed call or job, 2 a mistake
 * in the command line.
 */
import { randomUUID } from 'node:crypto';
import { ITEM_PERMISSIONS, type ItemDefinition, type ItemTypeRegistry, type JsonObject, type RegisteredItemType, type RegisteredJobType } from '../../src/catalog';
import type { LocalUser } from '../local-entra/fabric-tokens';
import { DEFAULT_STATE_FILE, readSandboxState, type SandboxState } from '../sandbox/state';
import { GUID } from '../../src/fabric/guid';
import { checkOptions, guidOption, intOption, numberOption, parseArgs, stringOption, UsageError, type ParsedArgs } from './args';
import { definitionFromFile, definitionFromPartFile, mergeIntoPart, objectFromFile } from './content';
import { EndpointClient, EndpointUnreachableError, jsonDefinition, WDK_INVOKE_TYPE_MANUAL, type Answer, type ItemRef } from './endpoint-client';
import { describeFields, fieldOptionNames, loadItemTypes, pickItemType, pickJobType, readFields, registryOf, workloadNameOf } from './item-types';
import { consoleReporter, formatProgress, parseJobProgress } from './progress';
import { ControlApiError, SandboxLink } from './sandbox-link';
import { COMMANDS, HELP, usageOf } from './help';
import { runScenario, ScenarioFailure } from './scenario';

export interface SimulatorIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}

/** A failure that is not the command line's: no sandbox, no answer, a failed read-back. Exit code 1. */
export class SimulatorError extends Error {
  override readonly name = 'SimulatorError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const FLAGS = ['wdk', 'hard', 'app-only', 'help', 'json'];
const COMMON = ['base-url', 'state', 'workspace', 'workload', 'as', 'item-types', 'json', 'help'];
const TERMINAL = ['Completed', 'Failed', 'Cancelled'];

interface Outcome {
  readonly ok: boolean;
  /** The --json object's fields (besides ok and command). */
  readonly json: Record<string, unknown>;
  /** Text mode: what goes to stdout. */
  readonly text?: string;
}

function userOption(args: ParsedArgs, fallback: LocalUser): LocalUser {
  const v = stringOption(args.options, 'as');
  if (!v) return fallback;
  const [tenantId, oid, extra] = v.split(':');
  if (extra !== undefined || !GUID.test(tenantId ?? '') || !GUID.test(oid ?? '')) throw new UsageError('--as must be <tenantId>:<objectId> (two GUIDs)');
  return { tenantId: tenantId.toLowerCase(), oid: oid.toLowerCase(), name: 'Simulated user', upn: `user-${oid.slice(0, 8)}@contoso.local` };
}

function baseUrlOption(args: ParsedArgs, fallback: string): string {
  const v = stringOption(args.options, 'base-url');
  if (v === undefined) return fallback;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new UsageError(`--base-url must be an absolute URL like http://127.0.0.1:7071/api, not "${v}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError('--base-url must be an http or https URL');
  return v.replace(/\/+$/, '');
}

function requiredGuid(args: ParsedArgs, name: string): string {
  const v = guidOption(args.options, name);
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

function requiredString(args: ParsedArgs, name: string): string {
  const v = stringOption(args.options, name);
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

/** `--permissions Read,write` → ['Read', 'Write'] in Fabric's spelling; `none` or empty → []. */
export function parsePermissions(text: string): string[] {
  if (text.trim().toLowerCase() === 'none') return [];
  const out: string[] = [];
  for (const raw of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const known = ITEM_PERMISSIONS.find((p) => p.toLowerCase() === raw.toLowerCase());
    if (!known) throw new UsageError(`--permissions: "${raw}" is not a Fabric item permission (${ITEM_PERMISSIONS.join(', ')}; or none)`);
    if (!out.includes(known)) out.push(known);
  }
  return out;
}

const pretty = (a: Answer) => (a.json !== undefined ? JSON.stringify(a.json, null, 2) : a.text);

/** Runs one command line. Never throws: errors become their exit code and message. */
export async function runSimulator(argv: readonly string[], io: SimulatorIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const log = (line: string) => void io.stderr.write(`${line}\n`);
  let json = argv.includes('--json');
  let command = '';
  try {
    const args = parseArgs(argv, FLAGS);
    json = args.options.json === true;
    command = args.positional[0] ?? '';
    if (!command || (command === 'help' && !args.positional[1]) || (args.options.help === true && !COMMANDS[command])) {
      io.stdout.write(json ? `${JSON.stringify({ ok: true, command: 'help', usage: HELP })}\n` : HELP);
      return 0;
    }
    const helpFor = command === 'help' ? args.positional[1] : args.options.help === true ? command : undefined;
    const spec = COMMANDS[helpFor ?? command];
    if (!spec) throw new UsageError(`Unknown command "${helpFor ?? command}" (see \`npm run fabric -- help\`)`);
    const outcome = await execute(helpFor ? 'help' : command, args, helpFor, io, json, log);
    if (json) io.stdout.write(`${JSON.stringify({ ok: outcome.ok, command, ...outcome.json })}\n`);
    else if (outcome.text !== undefined && outcome.text !== '') io.stdout.write(`${outcome.text}\n`);
    return outcome.ok ? 0 : 1;
  } catch (err) {
    const usage = err instanceof UsageError;
    const code = usage ? 'UsageError' : err instanceof SimulatorError || err instanceof EndpointUnreachableError || err instanceof ControlApiError ? err.code : 'Error';
    const message = (err as Error)?.message ?? String(err);
    if (json) io.stdout.write(`${JSON.stringify({ ok: false, command, error: { code, message } })}\n`);
    log(usage && COMMANDS[command] ? `${message}\nUsage: npm run fabric -- ${COMMANDS[command].usage}` : code === 'Error' ? `Error: ${message}` : message);
    return usage ? 2 : 1;
  }
}

async function execute(command: string, args: ParsedArgs, helpFor: string | undefined, io: SimulatorIo, json: boolean, log: (line: string) => void): Promise<Outcome> {
  const stateFile = stringOption(args.options, 'state') ?? DEFAULT_STATE_FILE;
  const found = readSandboxState(stateFile);
  const registry = registryOf(workloadNameOf(stringOption(args.options, 'workload'), found?.workload.backendAudience), await loadItemTypes(stringOption(args.options, 'item-types')));

  if (command === 'help') {
    const usage = usageOf(helpFor!, registry, args);
    return { ok: true, json: { usage }, text: usage };
  }
  const spec = COMMANDS[command];
  const own = [...spec.options, ...COMMON];
  const type = () => pickItemType(registry, stringOption(args.options, 'type'));
  const fieldOptions = spec.fields === 'item' ? fieldOptionNames(type().spec.cli?.fields, own) : spec.fields === 'job' ? fieldOptionNames(pickJobType(registry, type(), stringOption(args.options, 'job-type')).declaration.cli?.fields, own) : [];
  checkOptions(args, command, [...spec.options, ...fieldOptions, ...COMMON], spec.positional ?? 1);
  if (command === 'types') return typesOutcome(registry);

  const state = found ?? noSandbox(stateFile);
  const link = new SandboxLink(state);
  const ctx = new Context(args, state, link, new EndpointClient(baseUrlOption(args, state.baseUrl), link), registry, log);
  return ctx.run(command, io, json);
}

function noSandbox(file: string): never {
  throw new SimulatorError('SandboxNotRunning', `No running sandbox found (${file}). Start one with \`npm run dev\` in another terminal.`);
}

function typesOutcome(registry: ItemTypeRegistry): Outcome {
  const itemTypes = registry.itemTypes.map((t) => ({
    name: t.spec.name,
    fullName: t.fullName,
    ...(t.spec.cli ? { part: t.spec.cli.part, options: t.spec.cli.fields } : {}),
    jobs: registry.jobTypes.filter((j) => j.itemType === t).map((j) => ({ name: j.name, fullName: j.fullName, ...(j.declaration.cli?.fields ? { options: j.declaration.cli.fields } : {}), ...(j.declaration.cli?.outputFile ? { outputFile: j.declaration.cli.outputFile } : {}) })),
    reads: Object.keys(t.spec.reads ?? {}),
  }));
  const text = [`Workload ${registry.workloadName}`];
  for (const t of itemTypes) {
    text.push('', `${t.fullName}${t.part ? `  (content: definition part ${t.part})` : ''}`);
    for (const l of describeFields(t.options)) text.push(`  ${l}`);
    for (const j of t.jobs) {
      text.push(`  job ${j.fullName}${j.outputFile ? `  (output ${j.outputFile})` : ''}`);
      for (const l of describeFields(j.options)) text.push(`    ${l}`);
    }
    for (const r of t.reads) text.push(`  read ${r}`);
  }
  return { ok: true, json: { workloadName: registry.workloadName, itemTypes }, text: text.join('\n') };
}

interface JobRef {
  readonly item: ItemRef;
  readonly jobType: string;
  readonly jobId: string;
}

class Context {
  readonly user: LocalUser;
  readonly callAs: LocalUser | null;
  readonly wdk: boolean;
  readonly workspaceId: string;

  constructor(
    readonly args: ParsedArgs,
    readonly state: SandboxState,
    readonly link: SandboxLink,
    readonly client: EndpointClient,
    readonly registry: ItemTypeRegistry,
    readonly log: (line: string) => void,
  ) {
    this.user = userOption(args, state.user);
    this.callAs = args.options['app-only'] === true ? null : this.user;
    this.wdk = args.options.wdk === true;
    this.workspaceId = guidOption(args.options, 'workspace') ?? state.workspaceId;
  }

  type(): RegisteredItemType {
    return pickItemType(this.registry, stringOption(this.args.options, 'type'));
  }

  jobType(type: RegisteredItemType): RegisteredJobType {
    return pickJobType(this.registry, type, stringOption(this.args.options, 'job-type'));
  }

  ref(type: RegisteredItemType, itemId = requiredGuid(this.args, 'item')): ItemRef {
    return { workspaceId: this.workspaceId, itemType: type.fullName, itemId };
  }

  /** The job named by --type, --item, --job-type and --job (job-status, cancel-job, watch-job). */
  jobRef(): JobRef {
    const type = this.type();
    return { item: this.ref(type), jobType: this.jobType(type).fullName, jobId: requiredGuid(this.args, 'job') };
  }

  jobStatus({ item, jobType, jobId }: JobRef): Promise<Answer> {
    return this.wdk ? this.client.wdkGetJob(item, jobType, jobId, this.callAs) : this.client.onGetJobInstanceStatus(item, { jobType, jobInstanceId: jobId }, this.callAs);
  }

  /** The answer as an outcome: request line to stderr; the body to stdout on success (or `text`), to stderr on failure. */
  reply(a: Answer, extra: Record<string, unknown> = {}, text?: string): Outcome {
    const ok = a.status >= 200 && a.status < 300;
    this.log(`${a.method} ${a.path} → ${a.status} (${a.ms} ms)`);
    if ((!ok || text !== undefined) && a.text) this.log(pretty(a));
    return { ok, json: { ...(ok ? extra : {}), request: { method: a.method, path: a.path }, status: a.status, ms: a.ms, body: a.json ?? (a.text || null) }, text: ok ? (text ?? pretty(a)) : undefined };
  }

  async run(command: string, io: SimulatorIo, json: boolean): Promise<Outcome> {
    const { args, client, link, user } = this;
    switch (command) {
      case 'scenario':
        return this.scenario(io, json);
      case 'health':
        return this.reply(await client.health());
      case 'resolve-endpoint':
      case 'resolve-api-path-placeholder':
        return this.reply(await client.resolveEndpoint([{ name: 'EndpointName', value: 'Workload' }, { name: 'TenantId', value: user.tenantId }], command));
      case 'create-item':
        return this.createItem();
      case 'update-item':
        return this.updateItem();
      case 'delete-item': {
        const item = this.ref(this.type());
        return this.reply(this.wdk ? await client.wdkDeleteItem(item, this.callAs) : await client.onDeleteItem(item, args.options.hard ? 'Hard' : 'Soft', this.callAs), { itemId: item.itemId });
      }
      case 'restore-item': {
        const item = this.ref(this.type());
        return this.reply(await client.onRestoreItem(item, undefined, this.callAs), { itemId: item.itemId });
      }
      case 'get-payload':
        return this.reply(await client.wdkGetPayload(this.ref(this.type()), this.callAs));
      case 'create-job':
        return this.createJob();
      case 'job-status': {
        const job = this.jobRef();
        return this.reply(await this.jobStatus(job), { jobId: job.jobId });
      }
      case 'cancel-job': {
        const { item, jobType, jobId } = this.jobRef();
        const a = this.wdk ? await client.wdkCancelJob(item, jobType, jobId, this.callAs) : await client.onCancelJobInstance(item, { jobType, jobInstanceId: jobId }, this.callAs);
        return this.reply(a, { jobId });
      }
      case 'watch-job':
        return this.watchJob(io);
      case 'read-result':
        return this.readResult();
      case 'permissions':
        return this.reply(await client.itemPermissions(this.workspaceId, requiredGuid(args, 'item'), user));
      case 'item-state':
        return this.reply(await client.itemState(this.workspaceId, requiredGuid(args, 'item'), user));
      case 'item-read': {
        const type = this.type();
        const name = requiredString(args, 'name');
        const reads = Object.keys(type.spec.reads ?? {});
        if (!reads.includes(name)) throw new UsageError(`--name ${name}: item type ${type.spec.name} declares ${reads.length > 0 ? `the reads ${reads.join(', ')}` : 'no reads'}`);
        return this.reply(await client.itemRead(this.ref(type), name, user));
      }
      case 'grant':
        return this.grant();
      case 'consent-error': {
        const mode = args.positional[1];
        if (mode !== 'on' && mode !== 'off') throw new UsageError('consent-error takes on or off');
        await link.setConsentError(mode === 'on');
        return { ok: true, json: { consentError: mode === 'on' }, text: `Consent error injection is ${mode}: On-Behalf-Of ${mode === 'on' ? 'answers AADSTS65001' : 'works normally'}.` };
      }
      case 'info': {
        const { controlKey: _key, ...visible } = this.state;
        return { ok: true, json: { sandbox: visible }, text: JSON.stringify(visible, null, 2) };
      }
      default:
        throw new UsageError(`Unknown command "${command}" (see \`npm run fabric -- help\`)`);
    }
  }

  /**
   * The content options of create/update: one file, or the declared fields (with their defaults on create). `fields`
   * is set when the content comes from options (the fields to send), `changed` names what the user gave.
   */
  private content(type: RegisteredItemType, create: boolean): { definition?: ItemDefinition; payload?: JsonObject; fields?: JsonObject; changed: string[] } {
    const o = this.args.options;
    const files = ['definition-file', 'part-file', 'payload-file'].filter((f) => o[f] !== undefined);
    const given = readFields(o, type.spec.cli?.fields, { defaults: false });
    if (files.length > 1) throw new UsageError(`Give one of --${files.join(', --')}`);
    if (files.length === 1 && given) throw new UsageError(`Give either --${files[0]} or content options (${Object.keys(given).join(', ')}), not both`);
    if (this.wdk && (o['definition-file'] !== undefined || o['part-file'] !== undefined)) throw new UsageError('WDK items carry a payload, not a definition: use --payload-file (or the content options)');
    if (!this.wdk && o['payload-file'] !== undefined) throw new UsageError('Extensibility Toolkit items carry a definition: use --definition-file or --part-file (or --wdk for a payload)');
    if (!this.wdk && (o['display-name'] !== undefined || o.description !== undefined)) throw new UsageError('--display-name and --description are sent by the WDK routes only (add --wdk)');
    if (o['definition-file'] !== undefined) return { definition: definitionFromFile(stringOption(o, 'definition-file')!), changed: ['definition'] };
    if (o['part-file'] !== undefined) return { definition: definitionFromPartFile(stringOption(o, 'part-file')!), changed: ['definition'] };
    if (o['payload-file'] !== undefined) return { payload: objectFromFile(stringOption(o, 'payload-file')!, '--payload-file'), changed: ['payload'] };
    const fields = create ? readFields(o, type.spec.cli?.fields, { defaults: true }) : given;
    if (!fields) return { changed: [] };
    const changed = Object.keys(given ?? {});
    return this.wdk ? { payload: fields, fields, changed } : { definition: jsonDefinition(type.spec.cli!.part, fields), fields, changed };
  }

  private async createItem(): Promise<Outcome> {
    const type = this.type();
    const id = guidOption(this.args.options, 'item') ?? randomUUID();
    const item = this.ref(type, id);
    const { definition, payload } = this.content(type, true);
    // In Fabric the workspace exists and the creator has Read and Write on the new item: the sandbox is made to agree.
    await this.link.createWorkspace(this.workspaceId);
    await this.link.setPermissions(id, this.user.oid, ['Read', 'Write']);
    const displayName = stringOption(this.args.options, 'display-name') ?? `Simulated ${type.spec.name}`;
    const description = stringOption(this.args.options, 'description');
    const a = this.wdk
      ? await this.client.wdkCreateItem(item, { displayName, ...(description !== undefined ? { description } : {}), ...(payload ? { creationPayload: payload } : {}) }, this.callAs)
      : await this.client.onCreateItem(item, definition, this.callAs);
    return this.reply(a, { itemId: id, itemType: type.fullName }, id);
  }

  private async updateItem(): Promise<Outcome> {
    const type = this.type();
    const item = this.ref(type);
    const { definition, payload, fields, changed } = this.content(type, false);
    const o = this.args.options;
    if (this.wdk) {
      const displayName = stringOption(o, 'display-name');
      const description = stringOption(o, 'description');
      if (!payload && displayName === undefined && description === undefined) throw new UsageError(`update-item has nothing to change: give content options, --payload-file, --display-name or --description`);
      // WDK's updatePayload is a merge patch: only the given fields are sent, the endpoint merges them.
      const a = await this.client.wdkUpdateItem(item, { ...(displayName !== undefined ? { displayName } : {}), ...(description !== undefined ? { description } : {}), ...(payload ? { updatePayload: payload } : {}) }, this.callAs);
      return this.reply(a, { itemId: item.itemId, changed: [...changed, ...(displayName !== undefined ? ['displayName'] : []), ...(description !== undefined ? ['description'] : [])] });
    }
    if (!definition && changed.length === 0) throw new UsageError('update-item has nothing to change: give content options, --definition-file or --part-file');
    if (fields) {
      // Fabric sends the whole definition on update: read the stored one and change only the given fields.
      const current = await this.client.itemState(this.workspaceId, item.itemId, this.user);
      this.log(`${current.method} ${current.path} → ${current.status} (${current.ms} ms)   reading the stored content to change only ${changed.join(', ')}`);
      if (current.status !== 200) {
        throw new SimulatorError('ReadBeforeUpdateFailed', `update-item reads the stored item first, to change only the given fields, and the data plane answered ${current.status}: ${current.text || '(empty body)'}\n` + 'Grant the user Read (`npm run fabric -- grant --item <id> --permissions Read,Write`), or give the whole content with --definition-file or --part-file.');
      }
      const stored = current.json as { itemType?: string; definition?: unknown };
      if (stored.itemType !== type.fullName) throw new SimulatorError('ItemTypeMismatch', `Item ${item.itemId} is a ${String(stored.itemType)}, not a ${type.fullName}: give --type`);
      const merged = mergeIntoPart(stored.definition, type.spec.cli!.part, fields);
      return this.reply(await this.client.onUpdateItem(item, merged, this.callAs), { itemId: item.itemId, changed });
    }
    return this.reply(await this.client.onUpdateItem(item, definition, this.callAs), { itemId: item.itemId, changed });
  }

  private async createJob(): Promise<Outcome> {
    const type = this.type();
    const item = this.ref(type);
    const job = this.jobType(type);
    const jobId = guidOption(this.args.options, 'job') ?? randomUUID();
    const file = stringOption(this.args.options, 'execution-data-file');
    const fields = readFields(this.args.options, job.declaration.cli?.fields, { defaults: false });
    if (file !== undefined && fields) throw new UsageError(`Give either --execution-data-file or job options (${Object.keys(fields).join(', ')}), not both`);
    const data = file !== undefined ? objectFromFile(file, '--execution-data-file') : readFields(this.args.options, job.declaration.cli?.fields, { defaults: true });
    const a = this.wdk
      ? await this.client.wdkCreateJob(item, job.fullName, jobId, { invokeType: WDK_INVOKE_TYPE_MANUAL, ...(data ? { creationPayload: data } : {}) }, this.callAs)
      : await this.client.onCreateJobInstance(item, { jobType: job.fullName, jobInstanceId: jobId, ...(data ? { executionData: data } : {}) }, this.callAs);
    return this.reply(a, { itemId: item.itemId, jobId, jobType: job.fullName }, jobId);
  }

  private async watchJob(io: SimulatorIo): Promise<Outcome> {
    const job = this.jobRef();
    const pollMs = numberOption(this.args.options, 'poll-seconds', 2, 0.05) * 1000;
    const reporter = consoleReporter(io.stderr as NodeJS.WriteStream);
    const t0 = Date.now();
    for (;;) {
      const a = await this.jobStatus(job);
      if (a.status !== 200) {
        reporter.endProgress();
        return this.reply(a, { jobId: job.jobId });
      }
      const status = String((a.json as { status?: unknown })?.status);
      reporter.progress(formatProgress(status, Date.now() - t0, 0, parseJobProgress(a.headers.get('job-progress'))));
      if (TERMINAL.includes(status)) {
        reporter.endProgress();
        const out = this.reply(a, { jobId: job.jobId, status });
        return { ...out, ok: status === 'Completed' };
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  private async readResult(): Promise<Outcome> {
    const type = this.type();
    const itemId = requiredGuid(this.args, 'item');
    const job = this.jobType(type);
    const jobId = requiredGuid(this.args, 'job');
    let path: string;
    const declared = job.declaration.cli?.outputFile;
    if (declared) path = `${itemId}/${declared.replaceAll('{jobInstanceId}', jobId)}`;
    else {
      const named = (await this.link.listOneLakeFiles(this.workspaceId, `${itemId}/`)).filter((f) => f.includes(jobId));
      if (named.length !== 1) {
        throw new SimulatorError('ResultNotFound', named.length === 0 ? `OneLake has no file of job ${jobId} under ${this.workspaceId}/${itemId}/` : `Several files name job ${jobId}: ${named.join(', ')}`);
      }
      path = named[0];
    }
    const file = await this.link.readOneLakeFile(this.workspaceId, path);
    if (!file) throw new SimulatorError('ResultNotFound', `OneLake has no ${this.workspaceId}/${path} (the job has not written it: see job-status)`);
    const text = file.toString('utf8');
    let content: unknown = text;
    try {
      content = JSON.parse(text);
    } catch {
      /* not JSON: shown as text */
    }
    return { ok: true, json: { path: `${this.workspaceId}/${path}`, content }, text: text.replace(/\n$/, '') };
  }

  private async grant(): Promise<Outcome> {
    const itemId = requiredGuid(this.args, 'item');
    const permissions = parsePermissions(stringOption(this.args.options, 'permissions') ?? 'Read,Write');
    await this.link.setPermissions(itemId, this.user.oid, permissions);
    const ownEndpoint = this.client.baseUrl === this.state.baseUrl;
    const applies = ownEndpoint
      ? "The sandbox's endpoint asks Fabric on every call (FABRIC_PERMISSIONS_CACHE_SECONDS=0): this applies at once."
      : 'An endpoint caches permissions for FABRIC_PERMISSIONS_CACHE_SECONDS (default 60 s): until then it may answer with the old ones.';
    this.log(applies);
    return { ok: true, json: { itemId, userObjectId: this.user.oid, permissions, appliesAtOnce: ownEndpoint }, text: `user ${this.user.oid} now has ${permissions.join(', ') || 'no permissions'} on item ${itemId}` };
  }

  private async scenario(io: SimulatorIo, json: boolean): Promise<Outcome> {
    const calculator = this.registry.find(`${this.registry.workloadName}.Calculator`);
    if (!calculator) throw new UsageError(`The scenario plays the Calculator sample, which this workload does not serve (${this.registry.itemTypes.map((t) => t.spec.name).join(', ')}): drive other types with create-item, create-job, watch-job and item-read`);
    const o = this.args.options;
    try {
      const result = await runScenario({
        client: this.client,
        fabric: this.link,
        workspaceId: this.workspaceId,
        user: this.user,
        reporter: consoleReporter((json ? io.stderr : io.stdout) as NodeJS.WriteStream),
        generation: this.wdk ? 'wdk' : 'toolkit',
        workloadName: this.registry.workloadName,
        steps: intOption(o, 'steps', 5, 1, 1000),
        stepDelayMs: intOption(o, 'step-delay-ms', 1000, 0, 60_000),
        pollIntervalMs: numberOption(o, 'poll-seconds', 2, 0.05) * 1000,
        jobTimeoutMs: numberOption(o, 'timeout-seconds', 120, 1) * 1000,
      });
      return { ok: true, json: { ...result } };
    } catch (err) {
      if (!(err instanceof ScenarioFailure)) throw err;
      this.log(`\nScenario FAILED. ${err.message}`);
      return { ok: false, json: { error: { code: 'ScenarioFailed', message: err.message, step: err.step, ...(err.answer ? { status: err.answer.status } : {}) } } };
    }
  }
}
