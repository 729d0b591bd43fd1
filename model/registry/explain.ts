// "Why did this post get this score?" — the tokens that pushed it towards serious or not, from the
// active model (the API's explanation route, issue #6).
import type { Database } from '../../db/engine/types.ts';
import { activeModelVersion, postById } from '../../db/queries/scorer.queries.ts';
import type { TokenContribution } from '../score/library.ts';
import type { ModelCache } from './models.ts';
import { toPostInput } from './post-input.ts';

export interface PostExplanation {
  postId: string;
  modelVersion: string;
  seriousness: number;
  /** Strongest first; weight > 0 pushed towards serious. */
  contributions: TokenContribution[];
}

export async function explainPost(
  db: Database,
  models: ModelCache,
  postId: string,
  topK = 10,
): Promise<PostExplanation | null> {
  const [row] = await postById.run({ id: postId }, db);
  if (!row) return null;
  const [active] = await activeModelVersion.run(undefined, db);
  if (!active) return null;
  const model = await models.get(active.version);
  const post = toPostInput(row);
  const [scored] = await model.scoreBatch([post]);
  return {
    postId,
    modelVersion: active.version,
    seriousness: scored!.seriousness,
    contributions: model.explain(post, topK),
  };
}
