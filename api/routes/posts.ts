// GET /posts/:id/explanation — why the served model scores a post as it does: the tokens that
// pushed it towards serious or not (model/registry/explain.ts).
import type { Router } from '@koa/router';
import type { Database } from '../../db/engine/types.ts';
import { explainPost } from '../../model/registry/explain.ts';
import type { ModelCache } from '../../model/registry/models.ts';
import { AppError, notFound } from '../middleware/errors.ts';
import { cacheData, type Ctx } from '../respond.ts';
import { ExplanationParams, ExplanationQuery } from '../schemas.ts';
import type { ApiState } from '../state.ts';
import { validate } from '../validate.ts';

export function postsRoutes(router: Router<ApiState>, db: Database, models: ModelCache | undefined): void {
  router.get('/posts/:id/explanation', async (ctx: Ctx) => {
    const { id } = validate(ExplanationParams, { id: (ctx.params as { id?: unknown }).id }, 'post id');
    const { top } = validate(ExplanationQuery, ctx.query, 'query');
    if (!models) {
      throw new AppError(
        503,
        'explanations_unavailable',
        'This API process has no model loaded',
        undefined,
        true,
      );
    }
    const explanation = await explainPost(db, models, id.replace(/^t3_/, ''), top);
    if (!explanation) throw notFound(`No post ${id} (or no active model)`);
    cacheData(ctx);
    ctx.body = explanation;
  });
}
