/**
 * The sample job `<WorkloadName>.Calculator.Calculate`: reads the item's content (operand1, operand2, operator)
 * and the job's executionData `{ steps?: 1..1000, stepDelayMs?: 0..60000 }`, applies the operation `steps` times
 * (value₀ = operand1, valueₖ₊₁ = valueₖ <operator> operand2; one step is the plain calculation), one checkpoint per
 * step, and writes the result to the item's OneLake folder on the user's behalf:
 * `{itemId}/Files/calculations/{jobInstanceId}.json`.
 * - Cancel: seen at the next checkpoint; the last checkpoint comes right before the write, so a cancelled job
 *   never writes.
 * - Crash or retry: it resumes from the last stored checkpoint (the running value is the checkpoint state), and
 *   the output name is fixed per job and written in one request, so a rerun replaces instead of duplicating.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidRequestError } from '../../fabric/errors';
import { InvalidItemPayloadError } from '../../items/errors';
import { JobError } from '../../jobs/errors';
import type { JobContext } from '../../jobs/job-type';
import { ONELAKE_SCOPE } from '../../onelake/scopes';
import type { JobDeclaration } from '../jobs';
import { calculatorInput, type CalculatorDefinition } from './definition';
import { evaluateCalculator } from './evaluate';

export const CALCULATE_JOB = 'Calculate';
/** Under host.json functionTimeout (10 min), with room to record the outcome. */
export const CALCULATE_TIMEOUT_SECONDS = 480;
export const MAX_STEPS = 1000;
export const MAX_STEP_DELAY_MS = 60_000;
/** Time kept free for the output write and the final record update. */
const TIMEOUT_MARGIN_MS = 30_000;

export interface CalculateExecutionData {
  readonly steps: number;
  readonly stepDelayMs: number;
}

/** What the job writes. Deterministic for a given item content and executionData (no timestamps). */
export interface CalculationResult extends CalculatorDefinition {
  readonly workspaceId: string;
  readonly itemId: string;
  readonly jobInstanceId: string;
  readonly steps: number;
  readonly result: number;
}

const KEYS = ['steps', 'stepDelayMs'];

function wholeNumber(raw: Readonly<Record<string, unknown>>, name: string, min: number, max: number, fallback: number): number {
  const v = raw[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new InvalidRequestError(`executionData.${name} must be a whole number from ${min} to ${max}`, { errorCode: 'InvalidExecutionData' });
  }
  return v;
}

/** Validates executionData at create time. Pure. */
export function parseCalculateExecutionData(raw: Readonly<Record<string, unknown>> | undefined): CalculateExecutionData {
  const data = raw ?? {};
  const extra = Object.keys(data).filter((k) => !KEYS.includes(k));
  if (extra.length > 0) throw new InvalidRequestError(`executionData has unknown properties (allowed: ${KEYS.join(', ')})`, { errorCode: 'InvalidExecutionData' });
  const steps = wholeNumber(data, 'steps', 1, MAX_STEPS, 1);
  const stepDelayMs = wholeNumber(data, 'stepDelayMs', 0, MAX_STEP_DELAY_MS, 0);
  const budgetMs = CALCULATE_TIMEOUT_SECONDS * 1000 - TIMEOUT_MARGIN_MS;
  if (steps * stepDelayMs > budgetMs) {
    throw new InvalidRequestError(`steps × stepDelayMs must be at most ${budgetMs} ms: the job times out after ${CALCULATE_TIMEOUT_SECONDS} seconds`, { errorCode: 'InvalidExecutionData' });
  }
  return { steps, stepDelayMs };
}

/** `Files/calculations/{jobInstanceId}.json` inside the item folder. */
export function calculationPath(jobInstanceId: string): string {
  return `Files/calculations/${jobInstanceId}.json`;
}

/** One step: value <operator> operand2. Division by zero or overflow fails the job (the user's input; permanent). */
export function calculateStep(value: number, d: CalculatorDefinition): number {
  try {
    return evaluateCalculator({ operand1: value, operand2: d.operand2, operator: d.operator });
  } catch (err) {
    if (err instanceof InvalidItemPayloadError) throw new JobError(err.message, { errorCode: 'CalculationFailed', source: 'User', isPermanent: true });
    throw err;
  }
}

function readInput(ctx: JobContext<CalculateExecutionData>): CalculatorDefinition {
  let input: CalculatorDefinition | undefined;
  try {
    input = calculatorInput(ctx.item);
  } catch (err) {
    if (err instanceof InvalidItemPayloadError) throw new JobError(`The item's content is invalid: ${err.message}`, { errorCode: 'InvalidItemDefinition', source: 'User', isPermanent: true });
    throw err;
  }
  if (!input) throw new JobError('The item has no content yet (operand1, operand2, operator)', { errorCode: 'ItemDefinitionMissing', source: 'User', isPermanent: true });
  return input;
}

function resumeValue(ctx: JobContext<CalculateExecutionData>): { done: number; value: number } | undefined {
  const r = ctx.resume;
  const state = r?.state as { value?: unknown } | undefined;
  if (!r || r.totalSteps !== ctx.executionData.steps || typeof state?.value !== 'number' || !Number.isFinite(state.value)) return undefined;
  return { done: r.completedSteps, value: state.value };
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  try {
    await sleep(ms, undefined, { signal });
  } catch (err) {
    if (signal.aborted && signal.reason instanceof Error) throw signal.reason;
    throw err;
  }
}

export const calculateJob: JobDeclaration<CalculateExecutionData> = {
  timeoutSeconds: CALCULATE_TIMEOUT_SECONDS,
  scopes: [ONELAKE_SCOPE],
  parseExecutionData: parseCalculateExecutionData,
  async handler(ctx) {
    const input = readInput(ctx);
    const { steps, stepDelayMs } = ctx.executionData;
    const resumed = resumeValue(ctx);
    let value = resumed?.value ?? input.operand1;
    let done = resumed?.done ?? 0;
    if (resumed) ctx.log.info('Resuming the calculation from a checkpoint', { completedSteps: done, totalSteps: steps });
    await ctx.checkpoint({ completedSteps: done, totalSteps: steps, state: { value } });
    while (done < steps) {
      await pause(stepDelayMs, ctx.signal);
      value = calculateStep(value, input);
      done += 1;
      await ctx.checkpoint({ completedSteps: done, totalSteps: steps, state: { value } });
    }
    const result: CalculationResult = {
      workspaceId: ctx.workspaceId,
      itemId: ctx.itemId,
      jobInstanceId: ctx.jobInstanceId,
      operand1: input.operand1,
      operand2: input.operand2,
      operator: input.operator,
      steps,
      result: value,
    };
    await ctx.oneLake.writeFile(calculationPath(ctx.jobInstanceId), `${JSON.stringify(result, null, 2)}\n`, 'application/json');
  },
};
