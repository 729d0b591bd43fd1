// What every request carries through the middleware chain (ctx.state).
import type { Logger } from 'pino';

export interface ApiState {
  requestId: string;
  /** The request's child logger (carries requestId). */
  log: Logger;
  /** The body's ETag when the route already knows it (a rendered answer, ../respond.ts). */
  etag?: string;
}
