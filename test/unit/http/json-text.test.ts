import fc from 'fast-check';
import { findJsonTextProblem, MAX_BODY_DEPTH, parseJsonObjectBody } from '../../../src/http/json-text';
import { InvalidRequestError } from '../../../src/fabric/errors';
import { MAX_PAYLOAD_DEPTH } from '../../../src/items/limits';
import { canonicalJson, mergePatch, withinDepth } from '../../../src/items/json';
import type { JsonValue } from '../../../src/catalog/item';
import { parseJsonObject } from '../../../src/jobs/validation';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
/** The errorCode parseJsonObjectBody throws, 'accepted', or what else it threw (a failure). */
const outcome = (input: Buffer | string, opts?: { allowEmpty?: boolean }): string => {
  try {
    parseJsonObjectBody(typeof input === 'string' ? bytes(input) : input, opts);
    return 'accepted';
  } catch (err) {
    return err instanceof InvalidRequestError && err.status === 400 ? err.errorCode : `unexpected ${String(err)}`;
  }
};

/** Reference depth, recursive (test values are shallow): objects and arrays count one level each. */
const depthOf = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as object).map(depthOf)) : 0);
const nestedArrays = (d: number): string => `${'['.repeat(d)}${']'.repeat(d)}`;
const nestedObjects = (d: number): string => `${'{"a":'.repeat(d - 1)}{}${'}'.repeat(d - 1)}`;

describe('JSON body rules', () => {
  it('the depth limit leaves room for every per-field limit inside the body envelope', () => {
    expect(MAX_BODY_DEPTH).toBeGreaterThan(MAX_PAYLOAD_DEPTH + 1);
  });

  it('the recursive helpers that walk bodies handle the deepest body the reader accepts', () => {
    const body = parseJsonObjectBody(bytes(`{"executionData":${nestedObjects(MAX_BODY_DEPTH - 1)}}`));
    const deepest = body.executionData as JsonValue;
    expect(parseJsonObject('executionData', deepest, 16 * 1024)).toBe(deepest);
    expect(canonicalJson(mergePatch(deepest, deepest))).toBe(JSON.stringify(deepest));
    expect(withinDepth(deepest, MAX_BODY_DEPTH - 1)).toBe(true);
    expect(withinDepth(deepest, MAX_BODY_DEPTH - 2)).toBe(false);
  });

  it('accepts exactly what JSON.parse accepts when depth and member names are within the rules', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 6 })), (obj) => {
        const text = JSON.stringify(obj);
        expect(findJsonTextProblem(text, MAX_BODY_DEPTH)).toBeUndefined();
        expect(parseJsonObjectBody(bytes(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('counts depth as withinDepth does: refuses exactly the bodies deeper than MAX_BODY_DEPTH, at any depth without recursion', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 * MAX_BODY_DEPTH }), (d) => {
        const expected = d <= MAX_BODY_DEPTH ? 'accepted' : 'RequestBodyTooDeep';
        expect(outcome(nestedObjects(d))).toBe(expected);
        expect(outcome(`{"x":${d === 1 ? "0" : nestedArrays(d - 1)}}`)).toBe(expected);
        expect(depthOf(JSON.parse(nestedObjects(d)))).toBe(d);
      }),
    );
    for (const d of [10_000, 1_000_000]) {
      expect(outcome(nestedObjects(d))).toBe('RequestBodyTooDeep');
      expect(outcome(`{"executionData":${nestedArrays(d)}}`)).toBe('RequestBodyTooDeep');
      expect(findJsonTextProblem(nestedArrays(d), MAX_BODY_DEPTH)).toEqual({ kind: 'TooDeep' });
    }
  });

  it('depth of generated values: the scanner agrees with the reference depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (v, max) => {
        const problem = findJsonTextProblem(JSON.stringify(v), max);
        expect(problem === undefined).toBe(depthOf(v) <= max);
        if (problem) expect(problem).toEqual({ kind: 'TooDeep' });
      }),
      { numRuns: 500 },
    );
  });

  it('brackets, quotes and escapes inside strings do not count', () => {
    const s = JSON.stringify({ a: `${'['.repeat(500)}"\\{{{"\\`, [`${'{'.repeat(500)}`]: ']]]' });
    expect(outcome(s)).toBe('accepted');
    expect(outcome('{"a\\"":1,"a":2}')).toBe('accepted');
  });

  it('refuses a member name repeated within one object, at any depth, also when escaped differently', () => {
    const withDuplicate = fc
      .tuple(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }), fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.integer({ min: 0, max: 20 }))
      .map(([obj, pick, value, depth]) => {
        const names = Object.keys(obj);
        const name = names[pick % names.length];
        const inner = `${JSON.stringify(obj).slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(value)}}`;
        return `${'{"n":['.repeat(depth)}${inner}${']}'.repeat(depth)}`;
      });
    fc.assert(fc.property(withDuplicate, (text) => expect(outcome(text)).toBe('RequestBodyDuplicateMember')), { numRuns: 300 });
    expect(outcome('{"a":1,"\\u0061":2}')).toBe('RequestBodyDuplicateMember');
    expect(outcome('{"a":{"b":1},"c":{"b":2},"d":[{"a":1},{"a":2}]}')).toBe('accepted');
  });

  it('refuses bytes that are not UTF-8 instead of replacing them', () => {
    expect(outcome(Buffer.concat([bytes('{"displayName":"ev'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), bytes('il"}')]))).toBe('RequestBodyNotUtf8');
    expect(outcome(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]))).toBe('RequestBodyNotUtf8'); // encoded surrogate
    expect(outcome(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('{"a":"é"}')]))).toBe('accepted'); // BOM dropped
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
        const buf = Buffer.from(raw);
        const valid = Buffer.from(buf.toString('utf8'), 'utf8').equals(buf);
        if (!valid) expect(outcome(buf)).toBe('RequestBodyNotUtf8');
        else expect(outcome(buf)).not.toBe('RequestBodyNotUtf8');
      }),
      { numRuns: 1000 },
    );
  });

  it('empty, non-JSON and non-object bodies: 400 InvalidRequestBody (empty → {} when allowed)', () => {
    expect(parseJsonObjectBody(bytes(' \r\n\t'), { allowEmpty: true })).toEqual({});
    expect(outcome('')).toBe('InvalidRequestBody');
    for (const text of ['{"a":', '{"a":1]', '[}', '}{', '"x', '{"a" "b"}', '\u00a0{}', '[]', '"x"', '1', 'null']) expect(outcome(text)).toBe('InvalidRequestBody');
  });

  it('any text or bytes: a value equal to JSON.parse, or a 400; nothing else is thrown', () => {
    const near = fc.array(fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', '"a"', '1', 'null', ' ', 'é'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(near, fc.string(), fc.string({ unit: 'binary' })), (text) => {
        const result = outcome(text);
        expect(result).not.toMatch(/^unexpected/);
        if (result === 'accepted') expect(parseJsonObjectBody(bytes(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (raw) => expect(outcome(Buffer.from(raw))).not.toMatch(/^unexpected/)), { numRuns: 1000 });
  });
});
