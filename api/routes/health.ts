// GET /health — the process answers (liveness; touches nothing else).
// GET /ready — the database answers, and its schema has every migration this build ships.
import type { Router } from '@koa/router';
import type { Queryable } from '../../db/engine/types.ts';
import { apiSchemaVersion } from '../../db/queries/api.queries.ts';
import { AppError } from '../middleware/errors.ts';
import { noStore, type Ctx } from '../respond.ts';
import type { ApiState } from '../state.ts';

const READY_TIMEOUT_MS = 2_000;

export function healthRoutes(router: Router<ApiState>, db: Queryable, expectedSchemaVersion: number): void {
  router.get('/health', (ctx: Ctx) => {
    noStore(ctx);
    ctx.body = { status: 'ok' };
  });

  router.get('/ready', async (ctx: Ctx) => {
    noStore(ctx);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    });
    let version: number;
    try {
      const [row] = await Promise.race([apiSchemaVersion.run(undefined, db), timeout]);
      version = row?.version ?? 0;
    } catch (error) {
      ctx.state.log.warn({ err: error }, 'readiness check failed');
      throw new AppError(503, 'not_ready', 'The database is not reachable', undefined, true);
    } finally {
      clearTimeout(timer);
    }
    if (version < expectedSchemaVersion) {
      throw new AppError(
        503,
        'not_ready',
        `The database schema is at migration ${version}; this build needs ${expectedSchemaVersion}`,
        undefined,
        true,
      );
    }
    ctx.body = { status: 'ready', schemaVersion: version };
  });
}
