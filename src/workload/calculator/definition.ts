/**
 * The Calculator's content: `{ "operand1": number, "operand2": number, "operator": "add"|"subtract"|"multiply"|"divide" }`.
 * Toolkit: the definition part `definition.json` (InlineBase64, UTF-8 JSON). WDK: the creation/update payload.
 * Validated strictly: exactly these keys, finite numbers within ±MAX_OPERAND, a known operator. Pure.
 */
import { InvalidItemPayloadError, isJsonObject, PLATFORM_PART, readJsonPart, type ItemDefinition, type JsonObject, type StoredItem } from '../../catalog';

export const CALCULATOR_DEFINITION_PART = 'definition.json';
export { PLATFORM_PART };
export const CALCULATOR_OPERATORS = ['add', 'subtract', 'multiply', 'divide'] as const;
export type CalculatorOperator = (typeof CALCULATOR_OPERATORS)[number];
/** Largest operand magnitude (2^53 - 1: every integer up to it is exact). */
export const MAX_OPERAND = Number.MAX_SAFE_INTEGER;
/** Largest definition.json, in bytes. */
export const MAX_CALCULATOR_DEFINITION_BYTES = 1024;

export interface CalculatorDefinition {
  readonly operand1: number;
  readonly operand2: number;
  readonly operator: CalculatorOperator;
}

const KEYS = ['operand1', 'operand2', 'operator'];

function operand(value: unknown, name: string, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidItemPayloadError(`${where}: ${name} must be a finite number`);
  if (Math.abs(value) > MAX_OPERAND) throw new InvalidItemPayloadError(`${where}: ${name} must be between -${MAX_OPERAND} and ${MAX_OPERAND}`);
  return value;
}

/** Validates a parsed JSON value as a Calculator definition. `where` names the source in error messages. */
export function parseCalculatorDefinition(value: unknown, where: string): CalculatorDefinition {
  if (!isJsonObject(value)) throw new InvalidItemPayloadError(`${where} must be a JSON object with operand1, operand2 and operator`);
  const extra = Object.keys(value).filter((k) => !KEYS.includes(k));
  if (extra.length > 0) throw new InvalidItemPayloadError(`${where} has unknown properties (allowed: ${KEYS.join(', ')})`);
  const operator = value.operator;
  if (typeof operator !== 'string' || !(CALCULATOR_OPERATORS as readonly string[]).includes(operator)) {
    throw new InvalidItemPayloadError(`${where}: operator must be one of ${CALCULATOR_OPERATORS.join(', ')}`);
  }
  return { operand1: operand(value.operand1, 'operand1', where), operand2: operand(value.operand2, 'operand2', where), operator: operator as CalculatorOperator };
}

/** Validates a toolkit definition: `definition.json` (required) and optionally `.platform`, nothing else. */
export function parseCalculatorDefinitionParts(definition: ItemDefinition): CalculatorDefinition {
  const value = readJsonPart(definition, { typeName: 'Calculator', part: CALCULATOR_DEFINITION_PART, maxBytes: MAX_CALCULATOR_DEFINITION_BYTES });
  return parseCalculatorDefinition(value, CALCULATOR_DEFINITION_PART);
}

/** The Calculator's content from a stored item of either generation (definition part, else payload); undefined if empty. */
export function calculatorInput(item: StoredItem): CalculatorDefinition | undefined {
  if (item.definition) return parseCalculatorDefinitionParts(item.definition);
  if (item.payload) return parseCalculatorDefinition(item.payload, 'payload');
  return undefined;
}

export function toJson(definition: CalculatorDefinition): JsonObject {
  return { operand1: definition.operand1, operand2: definition.operand2, operator: definition.operator };
}
