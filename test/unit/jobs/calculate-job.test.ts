import { InvalidRequestError } from '../../../src/fabric/errors';
import { JobError } from '../../../src/catalog';
import { calculateStep, calculationPath, parseCalculateExecutionData, CALCULATE_TIMEOUT_SECONDS } from '../../../src/workload/calculator/calculate-job';

describe('Calculate job executionData', () => {
  it('defaults to one step without delay', () => {
    expect(parseCalculateExecutionData(undefined)).toEqual({ steps: 1, stepDelayMs: 0 });
    expect(parseCalculateExecutionData({ steps: null })).toEqual({ steps: 1, stepDelayMs: 0 });
    expect(parseCalculateExecutionData({ steps: 1000, stepDelayMs: 10 })).toEqual({ steps: 1000, stepDelayMs: 10 });
  });

  it.each([
    [{ steps: 0 }, /steps must be a whole number from 1 to 1000/],
    [{ steps: 1001 }, /steps must be a whole number from 1 to 1000/],
    [{ steps: 2.5 }, /steps must be a whole number/],
    [{ steps: '3' }, /steps must be a whole number/],
    [{ stepDelayMs: -1 }, /stepDelayMs must be a whole number from 0 to 60000/],
    [{ stepDelayMs: 60001 }, /stepDelayMs must be a whole number from 0 to 60000/],
    [{ steps: 1000, stepDelayMs: 60000 }, new RegExp(`times out after ${CALCULATE_TIMEOUT_SECONDS} seconds`)],
    [{ steps: 2, colour: 'red' }, /unknown properties/],
  ])('rejects %p with a 400', (raw, message) => {
    let thrown: unknown;
    try {
      parseCalculateExecutionData(raw);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidRequestError);
    expect(thrown).toMatchObject({ status: 400, errorCode: 'InvalidExecutionData' });
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('Calculate job steps', () => {
  it('applies the operation to the running value', () => {
    const d = { operand1: 2, operand2: 3, operator: 'multiply' as const };
    let v = d.operand1;
    for (let i = 0; i < 3; i++) v = calculateStep(v, d);
    expect(v).toBe(54);
    expect(calculateStep(10, { operand1: 10, operand2: 4, operator: 'subtract' })).toBe(6);
  });

  it('fails permanently, as the user\'s error, on division by zero and overflow', () => {
    for (const [value, d] of [
      [1, { operand1: 1, operand2: 0, operator: 'divide' as const }],
      [Number.MAX_VALUE, { operand1: 1, operand2: Number.MAX_SAFE_INTEGER, operator: 'multiply' as const }],
    ] as const) {
      let thrown: unknown;
      try {
        calculateStep(value, d);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(JobError);
      expect((thrown as JobError).toBody()).toMatchObject({ errorCode: 'CalculationFailed', source: 'User', isPermanent: true });
    }
  });

  it('writes to a fixed name per job', () => {
    expect(calculationPath('cccccccc-0000-4000-8000-000000000003')).toBe('Files/calculations/cccccccc-0000-4000-8000-000000000003.json');
  });
});
