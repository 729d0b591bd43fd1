// The API as a Koa app (a pure factory: no port, no process state), so tests serve it on port 0
// and `npm start` / the api process wire it up with their own database and logger.
//
// Middleware, outermost first: request id + access log → Server-Timing → security headers →
// metrics → the one error middleware → compression → CORS → ETag/304 → routes.
import cors from '@koa/cors';
import { Router } from '@koa/router';
import Koa from 'koa';
import compress from 'koa-compress';
import zlib from 'node:zlib';
import type { Logger } from 'pino';
import type { PgBoss } from 'pg-boss';
import type { DataChangeFeed } from '../db/data-changes.ts';
import type { Database } from '../db/engine/types.ts';
import { readMigrations } from '../db/migrate.ts';
import type { ModelCache } from '../model/registry/models.ts';
import type { ApiConfig } from './config.ts';
import { createApiData } from './data.ts';
import { renderDocs } from './docs.ts';
import { errorMiddleware } from './middleware/errors.ts';
import { etagMiddleware } from './middleware/etag.ts';
import { createMetrics } from './middleware/metrics.ts';
import { requestIdMiddleware } from './middleware/request-id.ts';
import { securityHeadersMiddleware } from './middleware/security-headers.ts';
import { noteAnswerReuse, serverTimingMiddleware, timedDatabase } from './middleware/server-timing.ts';
import { buildOpenApi } from './openapi.ts';
import { noStore, type Ctx } from './respond.ts';
import { healthRoutes } from './routes/health.ts';
import { postsRoutes } from './routes/posts.ts';
import { statusRoutes } from './routes/status.ts';
import { subredditRoutes } from './routes/subreddit.ts';
import { subredditsRoutes } from './routes/subreddits.ts';
import type { ApiState } from './state.ts';

export interface ApiOptions {
  db: Database;
  /** For explanations; without it /posts/:id/explanation answers 503. */
  models: ModelCache | undefined;
  /** For the score queue's depth in /status; without it the figure is null. */
  boss: PgBoss | undefined;
  /** The engine's data-changes feed (db/data-changes.ts); without one, every request reads. */
  changes: DataChangeFeed | undefined;
  config: ApiConfig;
  log: Logger;
}

export type ApiApp = Koa<ApiState>;

export function createApi(options: ApiOptions): ApiApp {
  const { models, boss, config, log } = options;
  // Every statement of a request counts towards its Server-Timing header.
  const db = timedDatabase(options.db);
  const app = new Koa<ApiState>({ proxy: config.trustProxy });
  // Errors are answered by errorMiddleware; what reaches here failed after the response began.
  app.silent = true;
  app.on('error', (error: unknown) => log.error({ err: error }, 'response failed'));

  const data = createApiData(db, config.cache ? options.changes : undefined, noteAnswerReuse);
  const metrics = config.metrics ? createMetrics() : undefined;
  const router = new Router<ApiState>();

  subredditsRoutes(router, data);
  subredditRoutes(router, db, data);
  postsRoutes(router, db, models);
  statusRoutes(router, db, data, boss);
  healthRoutes(router, db, readMigrations().length);

  const openapi = JSON.stringify(buildOpenApi());
  router.get('/openapi.json', (ctx: Ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.type = 'application/json';
    ctx.body = openapi;
  });
  const docs = renderDocs();
  router.get('/docs', (ctx: Ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = docs;
  });
  router.get('/', (ctx: Ctx) => {
    ctx.redirect('/docs');
  });
  if (metrics) {
    router.get('/metrics', async (ctx: Ctx) => {
      noStore(ctx);
      ctx.type = metrics.registry.contentType;
      ctx.body = await metrics.registry.metrics();
    });
  }

  app.use(requestIdMiddleware(log));
  app.use(serverTimingMiddleware());
  app.use(securityHeadersMiddleware());
  if (metrics) app.use(metrics.middleware);
  // Outside compression: koa-compress itself throws (406 for `Accept-Encoding: identity;q=0`).
  app.use(errorMiddleware());
  // koa-compress 5 crashes (TypeError) when Accept-Encoding rules out every coding, identity
  // included (`identity;q=0`): send such a client the plain body instead (RFC 9110 §12.5.3 allows it).
  app.use(async (ctx, next) => {
    if (!ctx.acceptsEncodings('br', 'gzip', 'identity')) ctx.compress = false;
    await next();
  });
  app.use(
    compress({
      threshold: 1024,
      gzip: { level: 6 },
      deflate: false,
      br: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    }),
  );
  const origins = config.corsOrigins;
  app.use(
    cors({
      origin: origins === '*' ? '*' : (ctx) => (origins.includes(ctx.get('Origin')) ? ctx.get('Origin') : ''),
      allowMethods: ['GET', 'HEAD', 'OPTIONS'],
      exposeHeaders: ['ETag', 'X-Request-Id', 'Link', 'Content-Disposition'],
      maxAge: 600,
    }),
  );
  app.use(etagMiddleware());
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
