/**
 * Checks a job's executionData at create time (a job type's parseExecutionData): only known properties, and each
 * property within its bounds. Pure; every failure is InvalidRequestError 400 `InvalidExecutionData`.
 */
import { InvalidRequestError } from '../fabric/errors';

export interface WholeNumberRule {
  readonly min: number;
  readonly max: number;
  /** The value when the property is absent or null. */
  readonly fallback: number;
}

export interface ExecutionDataReader {
  /** The property as a whole number from min to max, or the fallback when absent. */
  wholeNumber(name: string, rule: WholeNumberRule): number;
}

/** Refuses properties outside `allowed`; then reads the properties one by one. */
export function readExecutionData(raw: Readonly<Record<string, unknown>> | undefined, allowed: readonly string[]): ExecutionDataReader {
  const data = raw ?? {};
  const extra = Object.keys(data).filter((k) => !allowed.includes(k));
  if (extra.length > 0) throw invalidExecutionData(`executionData has unknown properties (allowed: ${allowed.join(', ')})`);
  return {
    wholeNumber(name, { min, max, fallback }) {
      const v = data[name];
      if (v === undefined || v === null) return fallback;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalidExecutionData(`executionData.${name} must be a whole number from ${min} to ${max}`);
      return v;
    },
  };
}

/** 400 `InvalidExecutionData`, for checks across properties. */
export function invalidExecutionData(message: string): InvalidRequestError {
  return new InvalidRequestError(message, { errorCode: 'InvalidExecutionData' });
}
