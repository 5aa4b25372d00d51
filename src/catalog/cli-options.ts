/**
 * Optional declarations for developer tools (the Fabric simulator, `npm run fabric`): which fields of an item type's
 * content and of a job's executionData a command line may set, e.g. `--operand1 6`. The endpoint ignores them; a type
 * without them is still driven whole by its definition or payload file.
 */
import type { JsonValue } from './item';

export type CliFieldType = 'number' | 'integer' | 'string' | 'boolean';

export interface CliField {
  readonly type: CliFieldType;
  /** One line for the simulator's help. */
  readonly description?: string;
  /** The only values allowed (string fields). */
  readonly choices?: readonly string[];
  /** The value a new item (or job) gets when the option is not given; absent: the field is left out. */
  readonly default?: string | number | boolean;
}

/** An item type's content as options: the JSON object in one definition part (Toolkit), or the payload (WDK). */
export interface ItemCliOptions {
  /** The Extensibility Toolkit definition part holding the content as JSON, e.g. `definition.json`. */
  readonly part: string;
  /** The content's fields; `--<field in kebab-case>` sets one (`operand1` → `--operand1`, `stepDelayMs` → `--step-delay-ms`). */
  readonly fields: Readonly<Record<string, CliField>>;
}

/** A job's executionData (Toolkit) / creationPayload (WDK) as options, and where it writes its output. */
export interface JobCliOptions {
  readonly fields?: Readonly<Record<string, CliField>>;
  /** Its OneLake output inside the item folder; `{jobInstanceId}` is replaced, e.g. `Files/out/{jobInstanceId}.json`. */
  readonly outputFile?: string;
}

const FIELD_NAME = /^[a-z][A-Za-z0-9]{0,63}$/;
/** A number as JSON writes it (no hex, no leading `+`, no `Infinity`). */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const TYPES: readonly CliFieldType[] = ['number', 'integer', 'string', 'boolean'];

/** `stepDelayMs` → `step-delay-ms`. Pure. */
export function cliOptionName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Throws an Error naming `where` when a field declaration is malformed (checked by defineItemType at start-up). */
export function checkCliFields(fields: Readonly<Record<string, CliField>>, where: string): void {
  for (const [name, f] of Object.entries(fields)) {
    if (!FIELD_NAME.test(name)) throw new Error(`${where}: CLI field "${name}" must be letters and digits, starting with a lower-case letter`);
    if (!TYPES.includes(f.type)) throw new Error(`${where}: CLI field ${name} has type "${String(f.type)}"; use ${TYPES.join(', ')}`);
    if (f.choices && (f.type !== 'string' || f.choices.length === 0)) throw new Error(`${where}: CLI field ${name}: choices need a string field and at least one value`);
    if (f.default !== undefined) {
      const expected = f.type === 'integer' ? 'number' : f.type;
      if (typeof f.default !== expected) throw new Error(`${where}: CLI field ${name} default must be a ${expected}`);
      parseCliValue(f, String(f.default), `${where}: CLI field ${name} default`);
    }
  }
}

/** The option's text as the field's JSON value; throws an Error saying what is expected. Pure. */
export function parseCliValue(field: CliField, text: string, label: string): JsonValue {
  if (field.type === 'string') {
    if (field.choices && !field.choices.includes(text)) throw new Error(`${label} must be one of ${field.choices.join(', ')}`);
    return text;
  }
  if (field.type === 'boolean') {
    if (text !== 'true' && text !== 'false') throw new Error(`${label} must be true or false`);
    return text === 'true';
  }
  const n = Number(text);
  if (!JSON_NUMBER.test(text) || !Number.isFinite(n)) throw new Error(`${label} must be a number`);
  if (field.type === 'integer' && !Number.isInteger(n)) throw new Error(`${label} must be a whole number`);
  return n;
}
