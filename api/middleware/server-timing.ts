// Where a request's time goes, in its own `Server-Timing` header (W3C Server Timing): the time its
// database statements took from the API's side (queueing for the engine included: on the embedded
// engine that is where load shows) and how many there were, and the request's total. Browsers'
// developer tools chart it; bench/api-load.ts sums it per route to say what to optimise.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Middleware } from 'koa';
import type { Database, QueryResult } from '../../db/engine/types.ts';
import type { ApiState } from '../state.ts';

interface RequestTiming {
  dbMs: number;
  statements: number;
  /** Whether the answer was one read before and still current (../data.ts); undefined: not cached. */
  reused?: boolean;
}

const current = new AsyncLocalStorage<RequestTiming>();

/** `db` with every statement's time added to the request that runs it. */
export function timedDatabase(db: Database): Database {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
      return async <Row>(text: string, values?: readonly unknown[]): Promise<QueryResult<Row>> => {
        const timing = current.getStore();
        const started = performance.now();
        try {
          return await target.query<Row>(text, values);
        } finally {
          if (timing) {
            timing.dbMs += performance.now() - started;
            timing.statements++;
          }
        }
      };
    },
  });
}

/** Notes on the running request whether its answer was reused (shown as `cache;desc=hit|miss`). */
export function noteAnswerReuse(reused: boolean): void {
  const timing = current.getStore();
  if (timing) timing.reused = reused;
}

export function serverTimingMiddleware(): Middleware<ApiState> {
  return async (ctx, next) => {
    const timing: RequestTiming = { dbMs: 0, statements: 0 };
    const started = performance.now();
    await current.run(timing, next);
    const total = performance.now() - started;
    const cache = timing.reused === undefined ? '' : `, cache;desc="${timing.reused ? 'hit' : 'miss'}"`;
    ctx.set(
      'Server-Timing',
      `db;dur=${timing.dbMs.toFixed(2)};desc="${timing.statements} statements"${cache}, total;dur=${total.toFixed(2)}`,
    );
  };
}
