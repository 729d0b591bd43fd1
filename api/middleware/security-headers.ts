// Headers every API answer carries, so that a browser never sniffs a JSON body into HTML, never
// frames the docs page into someone else's, and loads nothing the page did not ship itself. The
// docs page (api/docs.ts) is one HTML document with an inline <style> and no scripts or assets.
import type { Middleware } from 'koa';

export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

export function securityHeadersMiddleware(): Middleware {
  return async (ctx, next) => {
    ctx.set(API_SECURITY_HEADERS);
    await next();
  };
}
