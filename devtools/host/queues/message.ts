/**
 * What a queue-triggered function receives: the decoded message content and the trigger metadata the Functions
 * host passes (QueueTrigger, DequeueCount, Id, PopReceipt, InsertionTime, ExpirationTime, NextVisibleTime, sys). Pure.
 */
import { randomUUID } from 'node:crypto';
import type { RpcTypedData } from '../core/types';

export interface ReceivedMessage {
  readonly messageId: string;
  readonly popReceipt: string;
  readonly messageText: string;
  readonly dequeueCount: number;
  readonly insertedOn?: Date;
  readonly expiresOn?: Date;
  readonly nextVisibleOn?: Date;
}

export class MessageDecodingError extends Error {
  override readonly name = 'MessageDecodingError';
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes per host.json messageEncoding; invalid base64 is a MessageDecodingError (the host poisons the message at once). */
export function decodeMessage(text: string, encoding: 'base64' | 'none'): string {
  if (encoding === 'none') return text;
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact)) throw new MessageDecodingError('The queue message is not valid base64 (host.json extensions.queues.messageEncoding is "base64")');
  return Buffer.from(compact, 'base64').toString('utf8');
}

export function encodeMessage(content: string, encoding: 'base64' | 'none'): string {
  return encoding === 'base64' ? Buffer.from(content, 'utf8').toString('base64') : content;
}

const json = (v: unknown): RpcTypedData => ({ json: JSON.stringify(v) });

export function queueTriggerMetadata(message: ReceivedMessage, content: string, functionName: string, now: Date = new Date()): Record<string, RpcTypedData> {
  const meta: Record<string, RpcTypedData> = {
    QueueTrigger: { string: content },
    DequeueCount: { int: message.dequeueCount },
    Id: { string: message.messageId },
    PopReceipt: { string: message.popReceipt },
    sys: json({ MethodName: functionName, UtcNow: now.toISOString(), RandGuid: randomUUID() }),
  };
  if (message.insertedOn) meta.InsertionTime = json(message.insertedOn.toISOString());
  if (message.expiresOn) meta.ExpirationTime = json(message.expiresOn.toISOString());
  if (message.nextVisibleOn) meta.NextVisibleTime = json(message.nextVisibleOn.toISOString());
  return meta;
}
