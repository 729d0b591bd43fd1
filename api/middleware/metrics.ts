// Prometheus metrics: request count and latency by method, route template and status, plus the
// process defaults. One registry per app (tests create several apps in one process).
import type { Middleware } from 'koa';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApiState } from '../state.ts';

export interface ApiMetrics {
  registry: Registry;
  middleware: Middleware<ApiState>;
}

export function createMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to response headers, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
  const middleware: Middleware<ApiState> = async (ctx, next) => {
    const end = duration.startTimer();
    try {
      await next();
    } finally {
      // The route template, never the raw path: label cardinality must stay bounded.
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      const labels = {
        method: KNOWN_METHODS.has(ctx.method) ? ctx.method : 'OTHER',
        route: typeof matched === 'string' ? matched : 'unmatched',
        status: String(ctx.status),
      };
      requests.inc(labels);
      end(labels);
    }
  };
  return { registry, middleware };
}
