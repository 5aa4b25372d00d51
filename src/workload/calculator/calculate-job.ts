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
import { invalidExecutionData, JobError, pause, readExecutionData, withInputErrors, type JobContext, type JobTypeDeclaration } from '../../catalog';
import { ONELAKE_SCOPE } from '../../onelake/scopes';
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

/** Validates executionData at create time. Pure. */
export function parseCalculateExecutionData(raw: Readonly<Record<string, unknown>> | undefined): CalculateExecutionData {
  const data = readExecutionData(raw, ['steps', 'stepDelayMs']);
  const steps = data.wholeNumber('steps', { min: 1, max: MAX_STEPS, fallback: 1 });
  const stepDelayMs = data.wholeNumber('stepDelayMs', { min: 0, max: MAX_STEP_DELAY_MS, fallback: 0 });
  const budgetMs = CALCULATE_TIMEOUT_SECONDS * 1000 - TIMEOUT_MARGIN_MS;
  if (steps * stepDelayMs > budgetMs) {
    throw invalidExecutionData(`steps × stepDelayMs must be at most ${budgetMs} ms: the job times out after ${CALCULATE_TIMEOUT_SECONDS} seconds`);
  }
  return { steps, stepDelayMs };
}

/** `Files/calculations/{jobInstanceId}.json` inside the item folder. */
export function calculationPath(jobInstanceId: string): string {
  return `Files/calculations/${jobInstanceId}.json`;
}

/** One step: value <operator> operand2. Division by zero or overflow fails the job (the user's input; permanent). */
export function calculateStep(value: number, d: CalculatorDefinition): number {
  return withInputErrors(() => evaluateCalculator({ operand1: value, operand2: d.operand2, operator: d.operator }), { errorCode: 'CalculationFailed' });
}

function readInput(ctx: JobContext<CalculateExecutionData>): CalculatorDefinition {
  const input = withInputErrors(() => calculatorInput(ctx.item), { errorCode: 'InvalidItemDefinition', describe: (m) => `The item's content is invalid: ${m}` });
  if (!input) throw new JobError('The item has no content yet (operand1, operand2, operator)', { errorCode: 'ItemDefinitionMissing', source: 'User', isPermanent: true });
  return input;
}

function resumeValue(ctx: JobContext<CalculateExecutionData>): { done: number; value: number } | undefined {
  const r = ctx.resume;
  const state = r?.state as { value?: unknown } | undefined;
  if (!r || r.totalSteps !== ctx.executionData.steps || typeof state?.value !== 'number' || !Number.isFinite(state.value)) return undefined;
  return { done: r.completedSteps, value: state.value };
}

export const calculateJob: JobTypeDeclaration<CalculateExecutionData> = {
  timeoutSeconds: CALCULATE_TIMEOUT_SECONDS,
  scopes: [ONELAKE_SCOPE],
  parseExecutionData: parseCalculateExecutionData,
  cli: {
    fields: {
      steps: { type: 'integer', default: 5, description: `how many times to apply the operation (1 to ${MAX_STEPS})` },
      stepDelayMs: { type: 'integer', default: 1000, description: `wait before each step, ms (0 to ${MAX_STEP_DELAY_MS})` },
    },
    outputFile: calculationPath('{jobInstanceId}'),
  },
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
