import { canonicalJson, jsonEquals, mergePatch, parseJsonObjectField, withinDepth } from '../../../src/items/json';
import { InvalidItemPayloadError } from '../../../src/catalog';
import type { JsonValue } from '../../../src/catalog/item';

describe('mergePatch (RFC 7396)', () => {
  it.each<[JsonValue, JsonValue, JsonValue]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('RFC example %#', (target, patch, result) => expect(mergePatch(target, patch)).toEqual(result));

  it('keeps "__proto__" as plain data and never changes a prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as JsonValue;
    const merged = mergePatch({}, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(merged.polluted).toBeUndefined();
  });

  it('does not modify its inputs', () => {
    const target = { a: { b: 1 } };
    mergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe('canonical JSON', () => {
  it('ignores key order at every level, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: [2, 1] } })).toBe('{"a":{"c":[2,1],"d":1},"b":1}');
    expect(jsonEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(jsonEquals([1, 2], [2, 1])).toBe(false);
    expect(jsonEquals(undefined, undefined)).toBe(true);
    expect(jsonEquals(undefined, {})).toBe(false);
  });
});

describe('parseJsonObjectField', () => {
  const limits = { maxBytes: 100, maxDepth: 3 };
  it('accepts objects, treats null and absent as none', () => {
    expect(parseJsonObjectField({ a: 1 }, 'p', limits)).toEqual({ a: 1 });
    expect(parseJsonObjectField(null, 'p', limits)).toBeUndefined();
    expect(parseJsonObjectField(undefined, 'p', limits)).toBeUndefined();
  });
  it.each([[[1]], ['x'], [5], [true]])('rejects %j', (v) => expect(() => parseJsonObjectField(v, 'creationPayload', limits)).toThrow(/creationPayload must be a JSON object/));
  it('rejects deep and large objects', () => {
    expect(() => parseJsonObjectField({ a: { b: { c: {} } } }, 'p', limits)).toThrow(InvalidItemPayloadError);
    expect(() => parseJsonObjectField({ a: 'x'.repeat(200) }, 'p', limits)).toThrow(/larger than 100 bytes/);
  });
  it('measures depth without recursing past the limit', () => {
    let deep: JsonValue = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(withinDepth(deep, 32)).toBe(false);
    expect(withinDepth({ a: [{}] }, 3)).toBe(true);
    expect(withinDepth({ a: [{}] }, 2)).toBe(false);
  });
});
