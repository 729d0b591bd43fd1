// The `score` job payload, as ingest writes it (one job per new post, in the post's transaction),
// and its validation: a job whose payload does not parse is dead-lettered, never retried forever.
import { z } from 'zod';

export const ScoreJobData = z.object({
  postId: z.string().regex(/^[0-9a-z]{1,16}$/),
  createdAt: z.iso.datetime({ offset: true }),
  subreddit: z.string().min(1),
});
export type ScoreJobData = z.infer<typeof ScoreJobData>;

/** What a dead-lettered scoring job carries: the original payload (as sent) and why it failed. */
export interface ScoreDeadLetter {
  job: unknown;
  jobId: string;
  reason: string;
  modelVersion?: string;
}
