/**
 * `npm run fabric -- scenario`: the whole story as Fabric drives it, judged at every step.
 * Create a Calculator item, update it, read data-plane permissions and state, start a Calculate job and poll it with
 * a progress display until it ends, read its result from OneLake and check it, start a second job and cancel it,
 * then delete the item (soft) and restore it. Any unexpected answer stops the run with ScenarioFailure.
 * Both contract generations: the Extensibility Toolkit (default) and WDK v1 (which has no restore).
 */
import { randomUUID } from 'node:crypto';
import type { LocalUser } from '../local-entra/fabric-tokens';
import { jsonDefinition, type Answer, type EndpointClient, type ItemRef, WDK_INVOKE_TYPE_MANUAL } from './endpoint-client';
import { formatProgress, parseJobProgress, type Reporter } from './progress';
import type { FabricSide } from './sandbox-link';

export const DEFAULT_WORKLOAD_NAME = 'Org.FabricRemoteEndpoint';
export const CALCULATOR_PART = 'definition.json';
export type Operator = 'add' | 'subtract' | 'multiply' | 'divide';
export interface CalculatorContent {
  readonly operand1: number;
  readonly operand2: number;
  readonly operator: Operator;
}
const TERMINAL = ['Completed', 'Failed', 'Cancelled'];

export class ScenarioFailure extends Error {
  override readonly name = 'ScenarioFailure';
  constructor(
    readonly step: string,
    message: string,
    readonly answer?: Answer,
  ) {
    super(`${step}: ${message}`);
  }
}

export interface ScenarioOptions {
  readonly client: EndpointClient;
  readonly fabric: FabricSide;
  readonly workspaceId: string;
  readonly user: LocalUser;
  readonly reporter: Reporter;
  readonly generation?: 'toolkit' | 'wdk';
  readonly workloadName?: string;
  /** Calculate executionData (defaults 5 steps × 1000 ms). */
  readonly steps?: number;
  readonly stepDelayMs?: number;
  /** How often to poll job state (default 2000 ms, "every few seconds"). */
  readonly pollIntervalMs?: number;
  /** Give up on a job after this long (default 120 s). */
  readonly jobTimeoutMs?: number;
}

export interface ScenarioResult {
  readonly itemId: string;
  readonly completedJobId: string;
  readonly cancelledJobId: string;
  readonly result: number;
  readonly elapsedMs: number;
}

/** valueₖ₊₁ = valueₖ <operator> operand2, `steps` times from operand1 (the Calculate job's definition). Pure. */
export function expectedCalculation(c: CalculatorContent, steps: number): number {
  let v = c.operand1;
  for (let i = 0; i < steps; i++) {
    if (c.operator === 'add') v += c.operand2;
    else if (c.operator === 'subtract') v -= c.operand2;
    else if (c.operator === 'multiply') v *= c.operand2;
    else v /= c.operand2;
  }
  return v;
}

/** Paths with GUIDs shortened to their first 8 characters, for readable step lines. Pure. */
export function shortPath(path: string): string {
  return path.replace(/([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '$1…');
}

const brief = (a: Answer) => (a.text.length > 400 ? `${a.text.slice(0, 400)}…` : a.text) || '(empty body)';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const r = o.reporter;
  const wdk = o.generation === 'wdk';
  const workload = o.workloadName ?? DEFAULT_WORKLOAD_NAME;
  const itemType = `${workload}.Calculator`;
  const jobType = `${itemType}.Calculate`;
  const item: ItemRef = { workspaceId: o.workspaceId, itemType, itemId: randomUUID() };
  const steps = o.steps ?? 5;
  const stepDelayMs = o.stepDelayMs ?? 1000;
  const pollMs = o.pollIntervalMs ?? 2000;
  const jobTimeoutMs = o.jobTimeoutMs ?? 120_000;
  const created: CalculatorContent = { operand1: 6, operand2: 7, operator: 'add' };
  const updated: CalculatorContent = { ...created, operator: 'multiply' };
  let n = 0;

  const step = async (title: string, call: () => Promise<Answer>, expect: number | number[]): Promise<Answer> => {
    n++;
    const label = `${String(n).padStart(2)}. ${title}`;
    let a: Answer;
    try {
      a = await call();
    } catch (err) {
      r.line(`✘ ${label}`);
      throw new ScenarioFailure(title, `no answer (${(err as Error)?.message ?? String(err)})`);
    }
    const ok = ([] as number[]).concat(expect).includes(a.status);
    r.line(`${ok ? '✔' : '✘'} ${label}  ${a.method} ${shortPath(a.path)} → ${a.status} (${a.ms} ms)`);
    if (!ok) throw new ScenarioFailure(title, `expected HTTP ${([] as number[]).concat(expect).join(' or ')}, got ${a.status}: ${brief(a)}`, a);
    return a;
  };
  const note = (text: string) => r.line(`      ${text}`);
  const statusOf = (a: Answer, title: string): string => {
    const s = (a.json as { status?: unknown } | undefined)?.status;
    if (typeof s !== 'string') throw new ScenarioFailure(title, `the answer has no job status: ${brief(a)}`, a);
    return s;
  };

  const createJob = (jobId: string, data: { steps: number; stepDelayMs: number }) =>
    wdk
      ? step(`Start job ${jobId.slice(0, 8)} (WDK CreateItemJobInstance)`, () => o.client.wdkCreateJob(item, jobType, jobId, { invokeType: WDK_INVOKE_TYPE_MANUAL, creationPayload: data }), 202)
      : step(`Start job ${jobId.slice(0, 8)} (onCreateJobInstance)`, () => o.client.onCreateJobInstance(item, { jobType, jobInstanceId: jobId, executionData: data }), 201);
  const getJob = (jobId: string) => (wdk ? o.client.wdkGetJob(item, jobType, jobId) : o.client.onGetJobInstanceStatus(item, { jobType, jobInstanceId: jobId }));

  /** Polls until the job reaches one of `until`, drawing progress; returns the last state body. */
  const watch = async (jobId: string, until: readonly string[], expectedMs: number): Promise<{ status: string; body: Record<string, unknown> }> => {
    n++;
    const title = `Poll job ${jobId.slice(0, 8)} every ${pollMs / 1000} s until ${until.join('/')}`;
    const t0 = Date.now();
    for (;;) {
      let a: Answer;
      try {
        a = await getJob(jobId);
      } catch (err) {
        r.endProgress();
        throw new ScenarioFailure(title, `no answer (${(err as Error)?.message ?? String(err)})`);
      }
      if (a.status !== 200) {
        r.endProgress();
        throw new ScenarioFailure(title, `expected HTTP 200, got ${a.status}: ${brief(a)}`, a);
      }
      const status = statusOf(a, title);
      const done = until.includes(status) || TERMINAL.includes(status);
      r.progress(`      ${formatProgress(status, Date.now() - t0, expectedMs, parseJobProgress(a.headers.get('job-progress')))}`);
      if (done) {
        r.endProgress();
        const ok = until.includes(status);
        r.line(`${ok ? '✔' : '✘'} ${String(n).padStart(2)}. ${title} → ${status}`);
        if (!ok) throw new ScenarioFailure(title, `the job ended ${status}: ${brief(a)}`, a);
        return { status, body: a.json as Record<string, unknown> };
      }
      if (Date.now() - t0 > jobTimeoutMs) {
        r.endProgress();
        throw new ScenarioFailure(title, `still ${status} after ${Math.round(jobTimeoutMs / 1000)} s`, a);
      }
      await sleep(pollMs);
    }
  };

  r.line(`Scenario (${wdk ? 'WDK v1' : 'Extensibility Toolkit'} routes) against ${o.client.baseUrl}`);
  r.line(`  workspace ${o.workspaceId}, item ${item.itemId} (${itemType}), user ${o.user.upn ?? o.user.oid}`);
  await o.fabric.createWorkspace(o.workspaceId);

  await step('Endpoint is ready', () => o.client.health(), 200);
  const resolved = await step('Resolve the endpoint (app token only)', () => o.client.resolveEndpoint([{ name: 'EndpointName', value: 'Workload' }, { name: 'TenantId', value: o.user.tenantId }]), 200);
  note(`url ${String((resolved.json as { url?: unknown })?.url)}, ttl ${String((resolved.json as { ttlInMinutes?: unknown })?.ttlInMinutes)} min`);

  if (wdk) {
    await step('Create the item (WDK CreateItem)', () => o.client.wdkCreateItem(item, { displayName: 'Scenario calculator', description: 'Made by the Fabric simulator', creationPayload: created }), 200);
    await step('Update the item: add → multiply (WDK UpdateItem)', () => o.client.wdkUpdateItem(item, { updatePayload: { operator: updated.operator } }), 200);
    const payload = await step('Read the item payload (WDK GetItemPayload)', () => o.client.wdkGetPayload(item), 200);
    note(`payload ${brief(payload)}`);
  } else {
    await step('Create the item (OnCreateItem)', () => o.client.onCreateItem(item, jsonDefinition(CALCULATOR_PART, created)), 200);
    await step('Update the item: add → multiply (OnUpdateItem)', () => o.client.onUpdateItem(item, jsonDefinition(CALCULATOR_PART, updated)), 200);
  }
  note(`content ${JSON.stringify(updated)}`);

  await o.fabric.setPermissions(item.itemId, o.user.oid, ['Read', 'Write']);
  const perms = await step('Frontend: read my permissions on the item (data plane)', () => o.client.itemPermissions(o.workspaceId, item.itemId), 200);
  note(`permissions ${brief(perms)}`);
  await step('Frontend: read the item state (data plane)', () => o.client.itemState(o.workspaceId, item.itemId), 200);

  const jobId = randomUUID();
  const first = await createJob(jobId, { steps, stepDelayMs });
  if (!wdk) note(`initial state ${statusOf(first, 'Start job')}`);
  const end = await watch(jobId, ['Completed'], steps * stepDelayMs + 2000);
  note(`started ${String(end.body.startTimeUtc ?? '?')}, ended ${String(end.body.endTimeUtc ?? '?')}`);

  n++;
  const path = `${item.itemId}/Files/calculations/${jobId}.json`;
  const file = await o.fabric.readOneLakeFile(o.workspaceId, path);
  if (!file) throw new ScenarioFailure('Read the result', `OneLake has no ${path}`);
  let result: number;
  try {
    result = (JSON.parse(file.toString('utf8')) as { result: number }).result;
  } catch {
    throw new ScenarioFailure('Read the result', `${path} is not the expected JSON: ${file.toString('utf8').slice(0, 200)}`);
  }
  const expected = expectedCalculation(updated, steps);
  const resultOk = result === expected;
  r.line(`${resultOk ? '✔' : '✘'} ${String(n).padStart(2)}. Read the result from OneLake  ${shortPath(`${o.workspaceId}/${path}`)}`);
  note(`${updated.operand1} ${updated.operator} ${updated.operand2}, ${steps} step(s) = ${result}${resultOk ? '' : ` (expected ${expected})`}`);
  if (!resultOk) throw new ScenarioFailure('Read the result', `result ${result}, expected ${expected}`);

  const longJobId = randomUUID();
  await createJob(longJobId, { steps: 60, stepDelayMs: 1000 });
  await watch(longJobId, ['InProgress'], 0);
  const cancel = await step(
    `Cancel job ${longJobId.slice(0, 8)} (${wdk ? 'WDK CancelItemJobInstance' : 'onCancelJobInstance'})`,
    () => (wdk ? o.client.wdkCancelJob(item, jobType, longJobId) : o.client.onCancelJobInstance(item, { jobType, jobInstanceId: longJobId })),
    200,
  );
  note(`state after cancel ${statusOf(cancel, 'Cancel job')}`);
  await watch(longJobId, ['Cancelled'], 0);
  n++;
  const leftover = await o.fabric.readOneLakeFile(o.workspaceId, `${item.itemId}/Files/calculations/${longJobId}.json`);
  r.line(`${leftover ? '✘' : '✔'} ${String(n).padStart(2)}. The cancelled job wrote no result`);
  if (leftover) throw new ScenarioFailure('Cancelled job output', 'a cancelled job wrote its result');

  if (wdk) {
    await step('Delete the item (WDK DeleteItem)', () => o.client.wdkDeleteItem(item), 200);
    note('WDK v1 has no restore notification: the item is gone.');
  } else {
    await step('Delete the item, soft (OnDeleteItem)', () => o.client.onDeleteItem(item, 'Soft'), 200);
    await step('Restore the item (OnRestoreItem)', () => o.client.onRestoreItem(item), 200);
    await step('Frontend: the restored item answers (data plane)', () => o.client.itemState(o.workspaceId, item.itemId), 200);
  }

  const elapsedMs = Date.now() - started;
  r.line(`Scenario passed in ${(elapsedMs / 1000).toFixed(1)} s.`);
  return { itemId: item.itemId, completedJobId: jobId, cancelledJobId: longJobId, result, elapsedMs };
}
