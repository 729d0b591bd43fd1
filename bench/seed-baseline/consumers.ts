// The seed's three consumers, each on its own channel and durable queue:
//  - posts consumer: posts topic → seed_posts (batched INSERT, ack after commit);
//  - enrichment: posts topic → the product's model and scoring helper (model/score/library.ts,
//    model/score/isolating-failures.ts: same ONNX file, same batching, same poison-post isolation) → the
//    posts-scores topic (confirmed), then ack;
//  - scores consumer: posts-scores topic → seed_scores (batched INSERT, ack after commit).
import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Database } from '../../db/engine/types.ts';
import type { SeriousnessModel } from '../../model/score/library.ts';
import { scoreIsolatingFailures } from '../../model/score/isolating-failures.ts';
import { consumeInBatches, type BatchConsumer } from './batch-consumer.ts';
import { EXCHANGES, publishConfirmed, QUEUES } from './broker.ts';
import { run } from './sql.ts';

/** A post on the posts topic: the Reddit client's parsed post (dates as ISO strings). */
export interface PostMessage {
  id: string;
  createdAt: string;
  subreddit: string;
  author: string | null;
  title: string;
  selftext: string;
  url: string | null;
  domain: string | null;
  isSelf: boolean;
  score: number;
  numComments: number;
}

export interface ScoreMessage {
  postId: string;
  createdAt: string;
  subreddit: string;
  modelVersion: string;
  seriousness: number;
}

export interface ConsumerSettings {
  batchSize: number;
  prefetch: number;
  lingerMs: number;
  onError: (role: string, error: unknown) => void;
}

const json = <T>(message: ConsumeMessage) => JSON.parse(message.content.toString('utf8')) as T;

export async function insertPostRows(db: Database, posts: readonly PostMessage[]): Promise<void> {
  await db.transaction(async (tx) => {
    await run(tx, 'insert-posts', [
      posts.map((p) => p.id),
      posts.map((p) => p.createdAt),
      posts.map((p) => p.subreddit),
      posts.map((p) => p.author),
      posts.map((p) => p.title),
      posts.map((p) => p.selftext),
      posts.map((p) => p.url),
      posts.map((p) => p.domain),
      posts.map((p) => p.isSelf),
      posts.map((p) => p.score),
      posts.map((p) => p.numComments),
    ]);
  });
}

export async function insertScoreRows(db: Database, scores: readonly ScoreMessage[]): Promise<void> {
  await db.transaction(async (tx) => {
    await run(tx, 'insert-scores', [
      scores.map((s) => s.postId),
      scores.map((s) => s.createdAt),
      scores.map((s) => s.subreddit),
      scores.map((s) => s.modelVersion),
      scores.map((s) => s.seriousness),
    ]);
  });
}

export async function startConsumers(
  connection: ChannelModel,
  db: Database,
  model: SeriousnessModel,
  settings: ConsumerSettings,
): Promise<BatchConsumer[]> {
  const common = { batchSize: settings.batchSize, prefetch: settings.prefetch, lingerMs: settings.lingerMs };
  const posts = await consumeInBatches<PostMessage>({
    ...common,
    channel: await connection.createChannel(),
    queue: QUEUES.storePosts.name,
    parse: json,
    handle: (batch) => insertPostRows(db, batch),
    onError: (error) => settings.onError('posts consumer', error),
  });

  const publishChannel: ConfirmChannel = await connection.createConfirmChannel();
  const enrichment = await consumeInBatches<PostMessage>({
    ...common,
    channel: await connection.createChannel(),
    queue: QUEUES.enrich.name,
    parse: json,
    handle: async (batch) => {
      const outcome = await scoreIsolatingFailures(model, batch);
      for (const failed of outcome.failed)
        settings.onError('enrichment', new Error(`${failed.post.id}: ${failed.reason}`));
      await publishConfirmed(
        publishChannel,
        EXCHANGES.scores,
        outcome.scored.map(({ post, seriousness }) => ({
          routingKey: `score.${post.subreddit.toLowerCase()}`,
          id: post.id,
          body: {
            postId: post.id,
            createdAt: post.createdAt,
            subreddit: post.subreddit,
            modelVersion: model.version,
            seriousness,
          } satisfies ScoreMessage,
        })),
      );
    },
    onError: (error) => settings.onError('enrichment', error),
  });

  const scores = await consumeInBatches<ScoreMessage>({
    ...common,
    channel: await connection.createChannel(),
    queue: QUEUES.storeScores.name,
    parse: json,
    handle: (batch) => insertScoreRows(db, batch),
    onError: (error) => settings.onError('scores consumer', error),
  });
  return [posts, enrichment, scores];
}
