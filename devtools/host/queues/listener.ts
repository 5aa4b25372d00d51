/**
 * One queue trigger's listener, behaving as the Functions host's QueueListener/QueueProcessor:
 * receive batches with a lease (renewed while the function runs), invoke, delete on success; on failure make the
 * message visible again after host.json visibilityTimeout, and once it has been dequeued maxDequeueCount times
 * copy it to <queue>-poison and delete it. A message that cannot be decoded (invalid base64) goes to <queue>-poison at
 * once, without invoking the function, as the host's decoding-failure handler does. Poll with back-off while the
 * queue is empty.
 */
import type { QueueClient } from '@azure/storage-queue';
import type { RegisteredFunction } from '../core/registry';
import type { RpcTypedData } from '../core/types';
import type { QueueOptions } from '../app/host-json';
import type { HostLogger } from '../logger';
import { decodeMessage, MessageDecodingError, queueTriggerMetadata, type ReceivedMessage } from './message';
import { describePollingFailure } from './polling-failure';
import { nextPollingDelay } from './polling';

/** The host receives messages invisible for 10 minutes and renews that lease at half-time while the function runs. */
export const DEFAULT_LEASE_MS = 10 * 60 * 1000;

export type QueueInvoker = (fn: RegisteredFunction, request: { inputData: { name: string; data: RpcTypedData }[]; triggerMetadata: Record<string, RpcTypedData> }, reason: string) => Promise<unknown>;

export interface QueueListenerOptions {
  readonly fn: RegisteredFunction;
  readonly queue: QueueClient;
  readonly poisonQueue: QueueClient;
  readonly options: QueueOptions;
  readonly invoke: QueueInvoker;
  readonly logger: HostLogger;
  readonly leaseMs?: number;
}

const statusOf = (err: unknown) => (err as { statusCode?: number })?.statusCode;

export class QueueListener {
  private stopping = false;
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private loopDone?: Promise<void>;
  private wake?: () => void;
  private poisonReady?: Promise<unknown>;
  private lastError?: string;

  constructor(private readonly o: QueueListenerOptions) {}

  get queueName(): string {
    return this.o.queue.name;
  }

  start(): void {
    this.loopDone ??= this.loop();
  }

  /** Stops polling, lets in-flight invocations finish (and settle their messages), then resolves. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    this.wake?.();
    await this.loopDone;
    await Promise.allSettled([...this.inFlight]);
  }

  private async loop(): Promise<void> {
    const { batchSize, newBatchThreshold, maxPollingIntervalMs } = this.o.options;
    const leaseSeconds = Math.ceil((this.o.leaseMs ?? DEFAULT_LEASE_MS) / 1000);
    let delay = 0;
    while (!this.stopping) {
      if (this.inFlight.size > newBatchThreshold) {
        await Promise.race([...this.inFlight, this.sleep(maxPollingIntervalMs)]);
        continue;
      }
      let messages: ReceivedMessage[] = [];
      try {
        const res = await this.o.queue.receiveMessages({ numberOfMessages: batchSize, visibilityTimeout: leaseSeconds, abortSignal: this.abort.signal });
        messages = res.receivedMessageItems;
        this.lastError = undefined;
      } catch (err) {
        if (this.stopping) break;
        // A missing queue is polled like an empty one (the host does not create trigger queues).
        if (statusOf(err) !== 404) this.warnOnce(describePollingFailure(this.queueName, this.o.queue.url, err));
      }
      for (const m of messages) this.track(this.process(m));
      if (messages.length > 0) {
        delay = 0;
        continue;
      }
      delay = nextPollingDelay(delay, maxPollingIntervalMs);
      await this.sleep(delay);
    }
  }

  private warnOnce(message: string): void {
    if (message === this.lastError) return;
    this.lastError = message;
    this.o.logger.warn(message);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private track(p: Promise<void>): void {
    const tracked = p.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async process(message: ReceivedMessage): Promise<void> {
    const { fn, options, logger } = this.o;
    if (message.dequeueCount > options.maxDequeueCount) return this.moveToPoison(message);
    let content: string;
    try {
      content = decodeMessage(message.messageText, options.messageEncoding);
    } catch (err) {
      if (!(err instanceof MessageDecodingError)) throw err;
      logger.error(`Message '${message.messageId}' on '${this.queueName}' cannot be decoded: ${err.message}. Moving it to queue '${this.o.poisonQueue.name}'.`);
      return this.settle(message, () => this.moveToPoison(message, { quiet: true }));
    }
    const lease = { popReceipt: message.popReceipt };
    const leaseMs = this.o.leaseMs ?? DEFAULT_LEASE_MS;
    const renew = setInterval(() => {
      this.o.queue
        .updateMessage(message.messageId, lease.popReceipt, undefined, Math.ceil(leaseMs / 1000))
        .then((r) => {
          if (r.popReceipt) lease.popReceipt = r.popReceipt;
        })
        .catch((err: unknown) => logger.warn(`Renewing the lease of message '${message.messageId}' failed: ${(err as Error)?.message ?? String(err)}`));
    }, leaseMs / 2);
    renew.unref?.();
    let succeeded = false;
    try {
      await this.o.invoke(
        fn,
        { inputData: [{ name: fn.triggerName, data: { string: content } }], triggerMetadata: queueTriggerMetadata(message, content, fn.name) },
        `New queue message detected on '${this.queueName}'.`,
      );
      succeeded = true;
    } catch {
      // invoke() has logged the failure.
    } finally {
      clearInterval(renew);
    }
    await this.settle(message, () => {
      if (succeeded) return this.o.queue.deleteMessage(message.messageId, lease.popReceipt);
      if (message.dequeueCount >= options.maxDequeueCount) return this.moveToPoison({ ...message, popReceipt: lease.popReceipt });
      return this.o.queue.updateMessage(message.messageId, lease.popReceipt, undefined, Math.ceil(options.visibilityTimeoutMs / 1000));
    });
  }

  private async settle(message: ReceivedMessage, action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (err) {
      this.o.logger.warn(`Settling message '${message.messageId}' on '${this.queueName}' failed: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private async moveToPoison(message: ReceivedMessage, { quiet = false } = {}): Promise<void> {
    const poison = this.o.poisonQueue;
    if (!quiet) this.o.logger.warn(`Message has reached MaxDequeueCount of ${this.o.options.maxDequeueCount}. Moving message to queue '${poison.name}'.`);
    this.poisonReady ??= poison.createIfNotExists().catch((err: unknown) => {
      this.poisonReady = undefined;
      throw err;
    });
    await this.poisonReady;
    // The content is copied as stored (still encoded), as the host does.
    await poison.sendMessage(message.messageText);
    await this.o.queue.deleteMessage(message.messageId, message.popReceipt);
  }
}
