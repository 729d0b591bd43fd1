// ETag = a weak hash of the response body (every GET/HEAD 200), and 304 when the client's
// If-None-Match still matches. Bodies that are objects are serialised here, once, so the hash and
// the bytes sent are the same. Weak, because compression may re-encode the bytes.
import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import type { ApiState } from '../state.ts';

export function weakEtag(body: string | Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** RFC 9110 §13.1.2: `*`, or any listed tag equal under the weak comparison. */
export function noneMatch(header: string, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const ours = opaque(etag);
  return header.split(',').some((tag) => opaque(tag) === ours);
}

export function etagMiddleware(): Middleware<ApiState> {
  return async (ctx, next) => {
    await next();
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.status !== 200) return;
    const body: unknown = ctx.body;
    if (body === undefined || body === null) return;
    let bytes: string | Buffer;
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      bytes = body;
    } else if (typeof (body as { pipe?: unknown }).pipe === 'function') {
      return; // streams: no ETag
    } else {
      bytes = JSON.stringify(body);
      const type = ctx.response.type;
      ctx.body = bytes;
      ctx.type = type || 'application/json';
    }
    const etag = ctx.state.etag ?? weakEtag(bytes);
    ctx.set('ETag', etag);
    // Not koa's ctx.fresh: it ignores If-None-Match when the request says `Cache-Control: no-cache`,
    // which fetch() adds to every conditional request. An origin server evaluates it regardless.
    if (noneMatch(ctx.get('If-None-Match'), etag)) {
      ctx.status = 304;
      ctx.body = null;
    }
  };
}
