// A request id per request: the caller's X-Request-Id when it is sane, else a new UUID. It is
// echoed in the response, carried by every log line of the request, and put in error bodies.
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { ApiState } from '../state.ts';

const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdMiddleware(log: Logger): Middleware<ApiState> {
  return async (ctx, next) => {
    const given = ctx.get('X-Request-Id');
    const requestId = SANE.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = log.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, durationMs }, 'request');
    }
  };
}
