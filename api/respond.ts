// Response helpers shared by the routes: caching headers and JSON/CSV negotiation.
import type { ParameterizedContext } from 'koa';
import { toCsv, type CsvValue } from './csv.ts';
import { weakEtag } from './middleware/etag.ts';
import type { ApiState } from './state.ts';

export type Ctx = ParameterizedContext<ApiState>;

/** Data that changes every second: caches may reuse it for 1 s, and serve it stale while revalidating. */
export const DATA_CACHE_CONTROL = 'public, max-age=1, stale-while-revalidate=5';

export function cacheData(ctx: Ctx): void {
  ctx.set('Cache-Control', DATA_CACHE_CONTROL);
}

export function noStore(ctx: Ctx): void {
  ctx.set('Cache-Control', 'no-store');
}

/** `?format=` wins; otherwise `Accept: text/csv` (preferred over JSON) selects CSV. */
export function wantsCsv(ctx: Ctx, format: 'json' | 'csv' | undefined): boolean {
  ctx.vary('Accept');
  if (format) return format === 'csv';
  return ctx.accepts('application/json', 'text/csv') === 'text/csv';
}

export function sendCsv<Row extends Record<string, CsvValue>>(
  ctx: Ctx,
  filename: string,
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
): void {
  ctx.type = 'text/csv; charset=utf-8; header=present';
  ctx.set('Content-Disposition', `inline; filename="${filename}"`);
  ctx.body = toCsv(columns, rows);
}

/** A JSON answer serialised once, for answers sent many times (the answer caches of ../data.ts). */
export interface RenderedJson {
  bytes: Buffer;
  /** The ETag of `bytes` (the ETag middleware takes it instead of hashing them again). */
  etag: string;
}

export function renderJson(value: unknown): RenderedJson {
  const bytes = Buffer.from(JSON.stringify(value));
  return { bytes, etag: weakEtag(bytes) };
}

export function sendRendered(ctx: Ctx, rendered: RenderedJson): void {
  ctx.type = 'application/json';
  ctx.body = rendered.bytes;
  ctx.state.etag = rendered.etag;
}
