import fc from 'fast-check';
import { InvalidItemPayloadError } from '../../../src/catalog';
import type { ItemDefinition, StoredItem } from '../../../src/catalog/item';
import { calculatorInput, calculatorItemType, evaluateCalculator, MAX_OPERAND, parseCalculatorDefinition, parseCalculatorDefinitionParts } from '../../../src/workload/calculator';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const def = (text: string | Buffer, extra: ItemDefinition['parts'] = []): ItemDefinition => ({ parts: [{ path: 'definition.json', payloadType: 'InlineBase64', payload: b64(text) }, ...extra] });
const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidItemPayloadError);
    return (e as Error).message;
  }
  throw new Error('expected a rejection');
};

describe('Calculator definition', () => {
  it('accepts exactly operand1, operand2 and a known operator', () => {
    expect(parseCalculatorDefinition({ operand1: 1.5, operand2: -2, operator: 'divide' }, 'p')).toEqual({ operand1: 1.5, operand2: -2, operator: 'divide' });
    for (const operator of ['add', 'subtract', 'multiply', 'divide']) expect(parseCalculatorDefinition({ operand1: 0, operand2: 0, operator }, 'p').operator).toBe(operator);
  });

  it.each([
    [{ operand1: 1, operand2: 2 }, 'operator must be one of add, subtract, multiply, divide'],
    [{ operand1: 1, operand2: 2, operator: 'pow' }, 'operator must be one of'],
    [{ operand1: '1', operand2: 2, operator: 'add' }, 'operand1 must be a finite number'],
    [{ operand1: 1, operand2: null, operator: 'add' }, 'operand2 must be a finite number'],
    [{ operand1: 1, operand2: 2, operator: 'add', extra: 1 }, 'unknown properties'],
    [{ operand1: MAX_OPERAND * 2, operand2: 2, operator: 'add' }, 'operand1 must be between'],
    [[1, 2], 'must be a JSON object'],
  ])('rejects %j', (value, text) => expect(message(() => parseCalculatorDefinition(value, 'payload'))).toContain(text));

  it('reads definition.json from the toolkit definition (UTF-8 JSON), allowing .platform only', () => {
    expect(parseCalculatorDefinitionParts(def('{"operand1":3,"operand2":4,"operator":"multiply"}'))).toEqual({ operand1: 3, operand2: 4, operator: 'multiply' });
    const platform = { path: '.platform', payloadType: 'InlineBase64' as const, payload: b64('{}') };
    expect(parseCalculatorDefinitionParts(def('{"operand1":3,"operand2":4,"operator":"add"}', [platform])).operator).toBe('add');
  });

  it('rejects missing, extra, non-UTF-8, non-JSON and oversized definition.json', () => {
    expect(message(() => parseCalculatorDefinitionParts({ parts: [] }))).toContain('needs the part definition.json');
    expect(message(() => parseCalculatorDefinitionParts(def('{}', [{ path: 'other.json', payloadType: 'InlineBase64', payload: '' }])))).toContain('has only the part definition.json');
    expect(message(() => parseCalculatorDefinitionParts(def(Buffer.from([0xff, 0xfe]))))).toContain('not valid UTF-8');
    expect(message(() => parseCalculatorDefinitionParts(def('{not json')))).toContain('not valid JSON');
    expect(message(() => parseCalculatorDefinitionParts(def(' '.repeat(1025) + '{}')))).toContain('larger than 1024 bytes');
    expect(message(() => parseCalculatorDefinitionParts(def('{"operand1":1e400,"operand2":1,"operator":"add"}')))).toContain('operand1 must be a finite number');
  });

  it('reads the content of a stored item of either generation', () => {
    const at = new Date();
    const base: StoredItem = { key: { tenantId: 't', workspaceId: 'w', itemId: 'i' }, itemType: 'Org.X.Calculator', createdAt: at, updatedAt: at };
    expect(calculatorInput(base)).toBeUndefined();
    expect(calculatorInput({ ...base, payload: { operand1: 1, operand2: 2, operator: 'add' } })).toEqual({ operand1: 1, operand2: 2, operator: 'add' });
    expect(calculatorInput({ ...base, definition: def('{"operand1":5,"operand2":6,"operator":"subtract"}') })?.operand2).toBe(6);
    expect(calculatorItemType.itemPayload!({ ...base, definition: def('{"operand1":5,"operand2":6,"operator":"subtract"}') })).toEqual({ operand1: 5, operand2: 6, operator: 'subtract' });
    expect(calculatorItemType.itemPayload!(base)).toEqual({});
  });
});

describe('evaluateCalculator', () => {
  it('computes the four operations', () => {
    expect(evaluateCalculator({ operand1: 6, operand2: 3, operator: 'add' })).toBe(9);
    expect(evaluateCalculator({ operand1: 6, operand2: 3, operator: 'subtract' })).toBe(3);
    expect(evaluateCalculator({ operand1: 6, operand2: 3, operator: 'multiply' })).toBe(18);
    expect(evaluateCalculator({ operand1: 6, operand2: 3, operator: 'divide' })).toBe(2);
  });
  it('refuses division by zero with a clear 400', () => {
    expect(message(() => evaluateCalculator({ operand1: 1, operand2: 0, operator: 'divide' }))).toContain('Division by zero');
  });
  it('always returns a finite number for valid operands (or a 400, never NaN/Infinity)', () => {
    const operand = fc.double({ min: -MAX_OPERAND, max: MAX_OPERAND, noNaN: true });
    fc.assert(
      fc.property(operand, operand, fc.constantFrom('add', 'subtract', 'multiply', 'divide' as const), (operand1, operand2, operator) => {
        try {
          expect(Number.isFinite(evaluateCalculator({ operand1, operand2, operator }))).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidItemPayloadError);
        }
      }),
    );
  });
});
