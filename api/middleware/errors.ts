// One error middleware (koa/router's recipes/error-handling): every error becomes a JSON body
// `{ error: { status, code, message, requestId } }`. 4xx messages are shown; 5xx are logged with
// their stack and answered with a generic message, so no SQL, stack or internal detail leaks.
import type { Middleware } from 'koa';
import type { ApiState } from '../state.ts';

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;
  readonly details: unknown;

  /** `expose` defaults to status < 500: 5xx messages are hidden unless written for the client. */
  constructor(
    status: number,
    code: string,
    message: string,
    details?: unknown,
    expose: boolean = status < 500,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.expose = expose;
    this.details = details;
  }
}

export const notFound = (message: string) => new AppError(404, 'not_found', message);
export const badRequest = (message: string, details?: unknown) =>
  new AppError(400, 'invalid_request', message, details);

const CODES: Record<number, string> = {
  400: 'invalid_request',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  501: 'not_implemented',
  503: 'unavailable',
};

export interface ErrorBody {
  error: { status: number; code: string; message: string; details?: unknown; requestId: string };
}

function asHttpError(error: unknown): { status: number; code: string; message: string; details?: unknown } {
  if (error instanceof AppError) {
    return error.expose
      ? { status: error.status, code: error.code, message: error.message, details: error.details }
      : { status: error.status, code: error.code, message: 'Internal error' };
  }
  // http-errors thrown by Koa / the router (ctx.throw, 405 from allowedMethods, bad URL encoding).
  const e = error as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown };
  const status =
    typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500 && e.expose === true && typeof e.message === 'string') {
    return { status, code: CODES[status] ?? 'client_error', message: e.message };
  }
  if (status >= 400 && status < 500)
    return { status, code: CODES[status] ?? 'client_error', message: 'Bad request' };
  return {
    status: status >= 500 && status < 600 ? status : 500,
    code: CODES[status] ?? 'internal',
    message: 'Internal error',
  };
}

export function errorMiddleware(): Middleware<ApiState> {
  return async (ctx, next) => {
    try {
      await next();
      // Statuses set without a body (no route matched; 405/501 from the router's allowedMethods).
      if (ctx.status >= 400 && (ctx.body === undefined || ctx.body === null)) {
        // The path is not echoed back: an error body never reflects raw input.
        if (ctx.status === 404) throw new AppError(404, 'not_found', 'No such route (see /docs)');
        if (ctx.status === 405)
          throw new AppError(405, 'method_not_allowed', `${ctx.method} is not allowed here`);
        // An unknown method is the client's mistake: 405 (not the router's 501), so no 5xx is ever ours to answer.
        if (ctx.status === 501) {
          ctx.set('Allow', 'HEAD, GET, OPTIONS');
          throw new AppError(405, 'method_not_allowed', `${ctx.method} is not allowed here`);
        }
        throw new AppError(ctx.status, CODES[ctx.status] ?? 'client_error', 'Request failed');
      }
    } catch (error) {
      const http = asHttpError(error);
      if (http.status >= 500) {
        ctx.state.log.error({ err: error, status: http.status }, 'request failed');
      } else {
        ctx.state.log.debug({ status: http.status, code: http.code, msg: http.message }, 'request rejected');
      }
      // Headers a route may have set (ETag, Cache-Control, Content-Type…) do not describe an error.
      for (const name of ['etag', 'last-modified', 'content-disposition', 'link', 'vary']) ctx.remove(name);
      if (http.status !== 405) ctx.remove('allow');
      ctx.status = http.status;
      ctx.set('Cache-Control', 'no-store');
      const body: ErrorBody = {
        error: {
          status: http.status,
          code: http.code,
          message: http.message,
          ...(http.details === undefined ? {} : { details: http.details }),
          requestId: ctx.state.requestId,
        },
      };
      ctx.type = 'application/json';
      ctx.body = ctx.method === 'HEAD' ? undefined : JSON.stringify(body);
    }
  };
}
