// The seed's RabbitMQ topology: two topic exchanges (posts, posts-scores) and one durable queue per
// consumer. Messages are persistent and publishers wait for broker confirms, consumers ack only
// after their database commit: nothing is lost between hops, as the seed intended.
import amqp, { type Channel, type ChannelModel } from 'amqplib';

// SEED_AMQP_PREFIX keeps two runs (a smoke run next to a reported one) out of each other's queues.
const prefix = process.env.SEED_AMQP_PREFIX ?? 'seed';
export const EXCHANGES = { posts: `${prefix}.posts`, scores: `${prefix}.posts-scores` } as const;
export const QUEUES = {
  storePosts: { name: `${prefix}.posts.store`, exchange: EXCHANGES.posts },
  enrich: { name: `${prefix}.posts.enrich`, exchange: EXCHANGES.posts },
  storeScores: { name: `${prefix}.posts-scores.store`, exchange: EXCHANGES.scores },
} as const;

export async function assertTopology(channel: Channel): Promise<void> {
  for (const exchange of Object.values(EXCHANGES))
    await channel.assertExchange(exchange, 'topic', { durable: true });
  for (const queue of Object.values(QUEUES)) {
    await channel.assertQueue(queue.name, { durable: true });
    await channel.bindQueue(queue.name, queue.exchange, '#');
  }
}

/** Deletes the queues (and what they hold): a run starts from empty queues. */
export async function resetTopology(url: string): Promise<void> {
  const connection: ChannelModel = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const queue of Object.values(QUEUES)) await channel.deleteQueue(queue.name);
    await channel.close();
  } finally {
    await connection.close();
  }
}

/** Publishes persistent JSON messages and resolves once the broker has confirmed all of them. */
export async function publishConfirmed(
  channel: amqp.ConfirmChannel,
  exchange: string,
  messages: readonly { routingKey: string; id: string; body: unknown }[],
): Promise<void> {
  for (const m of messages) {
    const ok = channel.publish(exchange, m.routingKey, Buffer.from(JSON.stringify(m.body)), {
      persistent: true,
      messageId: m.id,
      contentType: 'application/json',
    });
    // The channel's buffer is full: wait for it to drain rather than grow without bound.
    if (!ok) await new Promise<void>((resolve) => channel.once('drain', () => resolve()));
  }
  if (messages.length > 0) await channel.waitForConfirms();
}
