/**
 * Structural rules of JSON request bodies, checked on the text in one linear pass with an explicit stack (no
 * recursion), so that no body can exhaust the call stack here or in the recursive code that later walks the value.
 * Pure: no I/O.
 *   - UTF-8 only (RFC 8259 §8.1).
 *   - Nesting depth: every object and array counts one level (as `withinDepth` in items/json.ts).
 *   - Member names are unique within an object (I-JSON, RFC 7493 §2.3), compared after unescaping.
 * String contents are skipped. Other syntax is JSON.parse's business; brackets that do not match and strings that
 * never end are reported as malformed here.
 */
import { InvalidRequestError } from '../fabric/errors';

export type JsonTextProblem = { readonly kind: 'TooDeep' } | { readonly kind: 'DuplicateMember'; readonly name: string } | { readonly kind: 'Malformed' };

interface Frame {
  /** Member names seen so far; undefined for arrays. */
  readonly names?: Set<string>;
  /** In an object: the next string is a member name (after `{` or `,`). */
  expectName: boolean;
}

const BACKSLASH = 0x5c;
const MALFORMED: JsonTextProblem = { kind: 'Malformed' };
const TOO_DEEP: JsonTextProblem = { kind: 'TooDeep' };

/** Index of the quote that ends the string starting at `start` (a quote), or -1 when it never ends. */
function stringEnd(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

/** The unescaped string between the quotes at `start` and `end`, or undefined when it is not a JSON string. */
function memberName(text: string, start: number, end: number): string | undefined {
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

/** The first problem of `text` as a JSON body, or undefined when it has none of these problems. */
export function findJsonTextProblem(text: string, maxDepth: number): JsonTextProblem | undefined {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    switch (text[i]) {
      case '"': {
        const end = stringEnd(text, i);
        if (end === -1) return MALFORMED;
        const top = stack.at(-1);
        if (top?.names && top.expectName) {
          const name = memberName(text, i, end);
          if (name === undefined) return MALFORMED;
          if (top.names.has(name)) return { kind: 'DuplicateMember', name };
          top.names.add(name);
          top.expectName = false;
        }
        i = end;
        break;
      }
      case '{':
      case '[':
        if (stack.length >= maxDepth) return TOO_DEEP;
        stack.push(text[i] === '{' ? { names: new Set(), expectName: true } : { expectName: false });
        break;
      case '}':
      case ']': {
        const top = stack.pop();
        if (!top || (top.names !== undefined) !== (text[i] === '}')) return MALFORMED;
        break;
      }
      case ',': {
        const top = stack.at(-1);
        if (top?.names) top.expectName = true;
        break;
      }
    }
  }
  return stack.length === 0 ? undefined : MALFORMED;
}

/**
 * Nesting depth of a JSON body, the body object itself being level 1. Above every per-field limit plus the levels of
 * the envelope (items/limits.ts MAX_PAYLOAD_DEPTH); it also bounds the recursive helpers that walk parsed values.
 */
export const MAX_BODY_DEPTH = 64;

/** Strict UTF-8 (RFC 8259 §8.1): bytes that are not UTF-8 are refused, never replaced. A leading BOM is dropped. */
const utf8 = new TextDecoder('utf-8', { fatal: true });
const JSON_WHITESPACE = /^[ \t\n\r]*$/;
const notJson = (): InvalidRequestError => new InvalidRequestError('Request body is not valid JSON', { errorCode: 'InvalidRequestBody' });

/**
 * A request body as a JSON object: UTF-8, at most MAX_BODY_DEPTH levels, unique member names, valid JSON, an object.
 * Empty (or whitespace only) → {} when allowed. Anything else → InvalidRequestError (400) with a stable errorCode.
 */
export function parseJsonObjectBody(bytes: Uint8Array, { allowEmpty = false } = {}): Record<string, unknown> {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new InvalidRequestError('Request body is not valid UTF-8', { errorCode: 'RequestBodyNotUtf8' });
  }
  if (JSON_WHITESPACE.test(text)) {
    if (allowEmpty) return {};
    throw new InvalidRequestError('Request body is required', { errorCode: 'InvalidRequestBody' });
  }
  const problem = findJsonTextProblem(text, MAX_BODY_DEPTH);
  if (problem?.kind === 'TooDeep') throw new InvalidRequestError(`Request body nests deeper than ${MAX_BODY_DEPTH} levels`, { errorCode: 'RequestBodyTooDeep' });
  if (problem?.kind === 'DuplicateMember') throw new InvalidRequestError(`Request body repeats the member name ${JSON.stringify(problem.name.slice(0, 100))} within one object`, { errorCode: 'RequestBodyDuplicateMember' });
  if (problem) throw notJson();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw notJson();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidRequestError('Request body must be a JSON object', { errorCode: 'InvalidRequestBody' });
  return value as Record<string, unknown>;
}
