// A RabbitMQ consumer that handles messages in batches, as a fair seed consumer would: prefetch
// lets the next batch fill while one is being written; a batch is handled when it is full or
// `lingerMs` after its first message; only after the handler has committed is the batch acked
// (one multiple-ack for all of it). A failed batch is nacked back to the queue and retried after a
// pause: at-least-once, and the writes downstream are idempotent.
import type { Channel, ConsumeMessage } from 'amqplib';

export interface BatchConsumerOptions<T> {
  channel: Channel;
  queue: string;
  batchSize: number;
  prefetch: number;
  lingerMs: number;
  parse: (message: ConsumeMessage) => T;
  handle: (items: T[]) => Promise<void>;
  onError: (error: unknown) => void;
}

export interface BatchConsumer {
  stop(): Promise<void>;
  readonly handled: number;
}

export async function consumeInBatches<T>(options: BatchConsumerOptions<T>): Promise<BatchConsumer> {
  const { channel, batchSize, lingerMs } = options;
  const pending: { message: ConsumeMessage; item: T; at: number }[] = [];
  let wake: (() => void) | undefined;
  let stopped = false;
  let handled = 0;
  await channel.prefetch(options.prefetch);
  const { consumerTag } = await channel.consume(options.queue, (message) => {
    if (!message) return;
    try {
      pending.push({ message, item: options.parse(message), at: Date.now() });
    } catch (error) {
      // Unparseable: the seed would dead-letter it; here it is dropped and reported.
      channel.nack(message, false, false);
      options.onError(error);
      return;
    }
    wake?.();
  });

  const nextBatchDue = async (): Promise<void> => {
    for (;;) {
      if (stopped) return;
      const first = pending[0];
      const waitMs = first === undefined ? 1000 : first.at + lingerMs - Date.now();
      if (first !== undefined && (pending.length >= batchSize || waitMs <= 0)) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, waitMs));
        // Any arrival ends the wait: the loop then re-reads how long the oldest message may linger.
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  };

  const loop = (async () => {
    while (!stopped) {
      await nextBatchDue();
      if (stopped) break;
      const batch = pending.splice(0, batchSize);
      const last = batch.at(-1);
      if (!last) continue;
      try {
        await options.handle(batch.map((b) => b.item));
        channel.ack(last.message, true);
        handled += batch.length;
      } catch (error) {
        options.onError(error);
        // Back to the queue: this batch and every message delivered after it.
        channel.nackAll(true);
        pending.splice(0);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  })();

  return {
    get handled() {
      return handled;
    },
    async stop() {
      stopped = true;
      wake?.();
      await channel.cancel(consumerTag);
      await loop;
    },
  };
}
