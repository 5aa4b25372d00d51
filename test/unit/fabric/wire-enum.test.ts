import { describeWireEnum, enumFromWire } from '../../../src/fabric/wire-enum';

const NAMES = ['First', 'Second', 'Third'] as const;

describe('enumFromWire', () => {
  it('reads the exact name', () => {
    for (const n of NAMES) expect(enumFromWire(n, NAMES)).toBe(n);
  });

  it('reads an integer as the member at that position', () => {
    expect([0, 1, 2].map((i) => enumFromWire(i, NAMES))).toEqual(['First', 'Second', 'Third']);
    // JSON "-0" and "2.0" parse to these numbers; a JSON reader cannot tell them apart from 0 and 2.
    expect(enumFromWire(-0, NAMES)).toBe('First');
    expect(enumFromWire(2.0, NAMES)).toBe('Third');
  });

  it.each([[3], [-1], [0.5], [NaN], [Infinity], ['1'], ['first'], ['Second '], [''], [true], [null], [undefined], [{}], [['First']]])('%j names no member', (v) => {
    expect(enumFromWire(v, NAMES)).toBeUndefined();
  });

  it('describes both spellings', () => {
    expect(describeWireEnum(NAMES)).toBe('First, Second, Third (or their numbers 0 to 2)');
  });
});
