/** The Calculator's computation. Pure. */
import { InvalidItemPayloadError } from '../../catalog';
import type { CalculatorDefinition } from './definition';

/** The result; division by zero or a result outside the finite doubles → InvalidItemPayloadError (400, permanent). */
export function evaluateCalculator({ operand1, operand2, operator }: CalculatorDefinition): number {
  if (operator === 'divide' && operand2 === 0) throw new InvalidItemPayloadError('Division by zero: operand2 must not be 0 when operator is divide');
  const result =
    operator === 'add' ? operand1 + operand2 : operator === 'subtract' ? operand1 - operand2 : operator === 'multiply' ? operand1 * operand2 : operand1 / operand2;
  if (!Number.isFinite(result)) throw new InvalidItemPayloadError('The result is outside the range of numbers');
  return result;
}
