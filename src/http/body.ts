import type { HttpRequest } from '@azure/functions';
import { InvalidRequestError } from '../fabric/errors';

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Reads a JSON object body. Empty body → {} when allowed. Oversized, non-JSON or non-object bodies → 400.
 */
export async function readJsonObject(req: HttpRequest, { maxBytes = DEFAULT_MAX_BODY_BYTES, allowEmpty = false } = {}): Promise<Record<string, unknown>> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new InvalidRequestError(`Request body is larger than ${maxBytes} bytes`, 'RequestBodyTooLarge');
  const buf = Buffer.from(await req.arrayBuffer());
  if (buf.byteLength > maxBytes) throw new InvalidRequestError(`Request body is larger than ${maxBytes} bytes`, 'RequestBodyTooLarge');
  const text = buf.toString('utf8').trim();
  if (text === '') {
    if (allowEmpty) return {};
    throw new InvalidRequestError('Request body is required', 'InvalidRequestBody');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidRequestError('Request body is not valid JSON', 'InvalidRequestBody');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidRequestError('Request body must be a JSON object', 'InvalidRequestBody');
  return value as Record<string, unknown>;
}
