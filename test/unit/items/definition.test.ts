import { definitionEquals, parseItemDefinition, partPathProblem } from '../../../src/items/definition';
import { InvalidItemPayloadError } from '../../../src/catalog';
import { MAX_DEFINITION_BYTES, MAX_DEFINITION_PARTS, MAX_PART_BYTES } from '../../../src/items/limits';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const part = (path: string, payload = b64('{}'), payloadType: unknown = 'InlineBase64') => ({ path, payload, payloadType });

function rejection(value: unknown): string {
  try {
    parseItemDefinition(value);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidItemPayloadError);
    expect((e as InvalidItemPayloadError).status).toBe(400);
    expect((e as InvalidItemPayloadError).errorCode).toBe('InvalidItemPayload');
    return (e as Error).message;
  }
  throw new Error('expected a rejection');
}

describe('parseItemDefinition', () => {
  it('keeps exactly the validated parts, in order, and the format', () => {
    const d = parseItemDefinition({ format: 'json', parts: [part('definition.json'), part('folder/a.txt', b64('hi'))], extra: 1 });
    expect(d).toEqual({ format: 'json', parts: [part('definition.json'), part('folder/a.txt', b64('hi'))] });
  });

  it('treats absent and null as no definition, and allows zero parts', () => {
    expect(parseItemDefinition(undefined)).toBeUndefined();
    expect(parseItemDefinition(null)).toBeUndefined();
    expect(parseItemDefinition({ parts: [] })).toEqual({ parts: [] });
  });

  it('rejects wrong shapes and types with a message naming the field', () => {
    expect(rejection('x')).toMatch(/definition must be an object/);
    expect(rejection([])).toMatch(/definition must be an object/);
    expect(rejection({})).toMatch(/definition.parts must be an array/);
    expect(rejection({ parts: 'x' })).toMatch(/definition.parts must be an array/);
    expect(rejection({ parts: [1] })).toMatch(/definition.parts\[0\] must be an object/);
    expect(rejection({ parts: [{ path: 5, payload: '', payloadType: 'InlineBase64' }] })).toMatch(/parts\[0\].path must be a string/);
    expect(rejection({ parts: [{ path: 'a', payload: 5, payloadType: 'InlineBase64' }] })).toMatch(/parts\[0\].payload must be a base64 string/);
    expect(rejection({ parts: [part('a', b64('x'), 'Base64')] })).toMatch(/payloadType must be one of InlineBase64/);
    // Names only: no numbering of PayloadType is published (docs/items.md).
    for (const payloadType of [0, '0', 'inlinebase64', true]) expect(rejection({ parts: [part('a', b64('x'), payloadType)] })).toMatch(/payloadType must be one of InlineBase64/);
    expect(rejection({ format: 5, parts: [] })).toMatch(/definition.format/);
  });

  it('rejects bad base64 and names the part', () => {
    expect(rejection({ parts: [part('definition.json', 'not base64!')] })).toMatch(/parts\[0\].payload \("definition.json"\) is not valid base64/);
    expect(rejection({ parts: [part('a', 'QR==')] })).toMatch(/not valid base64/);
  });

  it.each([
    ['', 'is empty'],
    ['/abs/path', 'must be relative'],
    ['a/../b', 'must not contain "." or ".." segments'],
    ['..', 'must not contain'],
    ['./a', 'must not contain'],
    ['a\\b', 'backslash'],
    ['a//b', 'empty segment'],
    ['a/', 'empty segment'],
    ['a\u0000b', 'control characters'],
    ['x'.repeat(257), 'longer than 256'],
  ])('rejects the path %j', (path, problem) => {
    expect(partPathProblem(path)).toContain(problem);
    expect(rejection({ parts: [part(path)] })).toContain(problem);
  });

  it('accepts ordinary relative paths', () => {
    for (const p of ['definition.json', '.platform', 'a/b/c.json', 'name with spaces.txt', 'ünïcode/ファイル.json']) expect(partPathProblem(p)).toBeUndefined();
  });

  it('rejects duplicate paths, ignoring case', () => {
    expect(rejection({ parts: [part('definition.json'), part('Definition.JSON')] })).toMatch(/appears more than once/);
  });

  it('does not echo unprintable or long paths', () => {
    const msg = rejection({ parts: [part('/' + 'é'.repeat(10))] });
    expect(msg).toContain('(unprintable path)');
  });

  it('enforces the part count, per-part and total size limits', () => {
    expect(rejection({ parts: Array.from({ length: MAX_DEFINITION_PARTS + 1 }, (_, i) => part(`p${i}`)) })).toMatch(/more than 32 parts/);
    expect(rejection({ parts: [part('big', b64(Buffer.alloc(MAX_PART_BYTES + 1)))] })).toMatch(/larger than 524288 bytes/);
    expect(parseItemDefinition({ parts: [part('max', b64(Buffer.alloc(MAX_PART_BYTES)))] })?.parts).toHaveLength(1);
    const half = b64(Buffer.alloc(MAX_PART_BYTES));
    expect(MAX_PART_BYTES * 2).toBeGreaterThan(MAX_DEFINITION_BYTES);
    expect(rejection({ parts: [part('a', half), part('b', half)] })).toMatch(/larger than 786432 bytes in total/);
  });
});

describe('definitionEquals', () => {
  it('compares format and parts in order', () => {
    const a = { parts: [part('a'), part('b')] } as never;
    expect(definitionEquals(a, { parts: [part('a'), part('b')] } as never)).toBe(true);
    expect(definitionEquals(a, { parts: [part('b'), part('a')] } as never)).toBe(false);
    expect(definitionEquals(a, { format: 'x', parts: [part('a'), part('b')] } as never)).toBe(false);
    expect(definitionEquals(a, undefined)).toBe(false);
    expect(definitionEquals(undefined, undefined)).toBe(true);
  });
});
