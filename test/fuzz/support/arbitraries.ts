/** fast-check generators shared by the fuzz tests: hostile strings, JSON as JSON.parse can produce it, raw path segments. */
import fc from 'fast-check';

/** Strings an attacker or a confused client sends: traversal, unicode (incl. lone surrogates), controls, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('..', '../..', '..%2f..', '%2e%2e', '/etc/passwd', '..\\..\\windows', 'a/../b', './x', '\u0000', '\u202e', '\ud800', 'CON', '*', '?', '#', '%', '%00', ' ', ''),
  fc.integer({ min: 1000, max: 70_000 }).map((n) => 'x'.repeat(n)),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid().map((u) => ` ${u}`),
  fc.uuid().map((u) => `{${u}}`),
);

/** JSON values, including objects with keys that are dangerous in JavaScript ("__proto__", "constructor", …). */
export const json: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'toString', 'prototype', 'valueOf'), fc.jsonValue({ maxDepth: 2 })).map((o) => JSON.parse(JSON.stringify(o)) as unknown) },
  { weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown) },
);

/** A JSON object as a request body (near-valid shapes given by the caller, or any JSON object). */
export function jsonObject(shape: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(shape, json.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)));
}

/** Request body text: mostly JSON of the given values, sometimes not JSON at all. */
export function bodyText(values: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: values.map((v) => JSON.stringify(v) ?? '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '"x"', '1e999', '{"a":', '\u0000', '{}'.repeat(1000)) },
  );
}

/** The host refuses a request line over 8 KB (414) and headers over 32 KB (431), as Kestrel does, before any app code runs. */
const MAX_HEAD_PART = 6_000;
/** hostileString, cut to what fits in a request head (huge values stay huge, up to 6,000 characters). */
export const hostileHeadString: fc.Arbitrary<string> = hostileString.map((s) => (s.length > MAX_HEAD_PART ? s.slice(0, MAX_HEAD_PART) : s));

/**
 * A route parameter as it appears in a request path: percent-encoded, raw (only what an HTTP client cannot send is
 * escaped), or double-encoded. Node's client refuses characters outside \u0021-\u00ff unescaped.
 */
export const pathSegment: fc.Arbitrary<string> = fc.tuple(fc.oneof(fc.uuid(), hostileHeadString), fc.constantFrom('encoded', 'raw', 'double')).map(([s, how]) => {
  const wellFormed = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  if (how === 'encoded') return encodeURIComponent(wellFormed);
  if (how === 'double') return encodeURIComponent(encodeURIComponent(wellFormed));
  return wellFormed.replace(/[^\u0021-\u007e]|[?#]/gu, (c: string) => encodeURIComponent(c));
});

const b64 = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64');

/** The Calculator's content `{ operand1, operand2, operator }`, valid or not. */
export const calcContent: fc.Arbitrary<Record<string, unknown>> = fc.record(
  { operand1: fc.oneof(fc.double(), fc.integer(), json), operand2: fc.oneof(fc.double(), fc.integer(), json), operator: fc.oneof(fc.constantFrom('add', 'subtract', 'multiply', 'divide'), hostileString) },
  { requiredKeys: [] },
);

const part = fc.record(
  {
    path: fc.oneof(fc.constant('definition.json'), fc.constant('.platform'), hostileString),
    payloadType: fc.oneof(fc.constant('InlineBase64'), hostileString, json),
    payload: fc.oneof(calcContent.map(b64), json.map(b64), hostileString, fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')), json),
  },
  { requiredKeys: [] },
);

/** An Extensibility Toolkit item definition `{ format?, parts: [{ path, payloadType, payload }] }`, valid or not. */
export const definition: fc.Arbitrary<unknown> = fc.oneof(fc.record({ format: fc.oneof(hostileString, json), parts: fc.oneof(fc.array(part, { maxLength: 4 }), json) }, { requiredKeys: [] }), json);

/** Calculate's executionData `{ steps?, stepDelayMs? }`; valid ones stay small, so that jobs they start end quickly. */
export const executionData: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ steps: fc.oneof(fc.integer({ min: -5, max: 3 }), fc.integer({ min: 1001, max: 5000 }), json), stepDelayMs: fc.oneof(fc.integer({ min: -5, max: 10 }), fc.integer({ min: 60_001, max: 1e9 }), json) }, { requiredKeys: [] }),
  json,
);

/** `{ jobType, jobInstanceId }` around a valid job type. */
export function jobRef(jobType: string): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({ jobType: fc.oneof(fc.constant(jobType), fc.constant(`${jobType}X`), hostileString, json), jobInstanceId: fc.oneof(fc.uuid(), hostileString, json) }, { requiredKeys: [] });
}
