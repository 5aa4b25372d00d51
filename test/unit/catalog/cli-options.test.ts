import { checkCliFields, cliOptionName, parseCliValue, type CliField } from '../../../src/catalog/cli-options';

describe('cliOptionName', () => {
  it('turns camelCase into kebab-case', () => {
    expect(cliOptionName('operand1')).toBe('operand1');
    expect(cliOptionName('stepDelayMs')).toBe('step-delay-ms');
  });
});

describe('parseCliValue', () => {
  const num: CliField = { type: 'number' };
  const int: CliField = { type: 'integer' };

  it('reads numbers as JSON writes them', () => {
    expect(parseCliValue(num, '6', 'x')).toBe(6);
    expect(parseCliValue(num, '-2.5', 'x')).toBe(-2.5);
    expect(parseCliValue(num, '1e3', 'x')).toBe(1000);
  });

  it.each(['', ' ', '0x10', '+1', 'Infinity', '1_000', '6 ', 'six'])('refuses %j as a number', (text) => {
    expect(() => parseCliValue(num, text, '--operand1')).toThrow('--operand1 must be a number');
  });

  it('refuses a fraction for an integer field', () => {
    expect(() => parseCliValue(int, '1.5', '--steps')).toThrow('--steps must be a whole number');
  });

  it('reads booleans and checks choices', () => {
    expect(parseCliValue({ type: 'boolean' }, 'true', 'x')).toBe(true);
    expect(() => parseCliValue({ type: 'boolean' }, 'yes', '--flag')).toThrow('--flag must be true or false');
    expect(parseCliValue({ type: 'string', choices: ['add'] }, 'add', 'x')).toBe('add');
    expect(() => parseCliValue({ type: 'string', choices: ['add'] }, 'sub', '--operator')).toThrow('--operator must be one of add');
  });
});

describe('checkCliFields', () => {
  it('accepts well-formed fields', () => {
    expect(() => checkCliFields({ operand1: { type: 'number', default: 6 }, operator: { type: 'string', choices: ['add'], default: 'add' }, steps: { type: 'integer', default: 5 } }, 'T')).not.toThrow();
  });

  it.each<[string, Record<string, CliField>, string]>([
    ['a bad name', { 'Bad-name': { type: 'string' } }, 'must be letters and digits'],
    ['an unknown type', { a: { type: 'date' as never } }, 'has type "date"'],
    ['choices on a number', { a: { type: 'number', choices: ['1'] } }, 'choices need a string field'],
    ['a number default given as text', { a: { type: 'number', default: '6' } }, 'default must be a number'],
    ['a string default given as a number', { a: { type: 'string', default: 5 } }, 'default must be a string'],
    ['a fractional integer default', { a: { type: 'integer', default: 1.5 } }, 'must be a whole number'],
    ['a default outside the choices', { a: { type: 'string', choices: ['add'], default: 'sub' } }, 'must be one of add'],
  ])('refuses %s', (_name, fields, message) => {
    expect(() => checkCliFields(fields, 'Item type T')).toThrow(message);
  });
});
