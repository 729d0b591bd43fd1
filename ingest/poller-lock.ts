// Server mode may run several ingest processes (rolling deploys, replicas); only one may poll, or
// they would spend one Reddit budget twice. The poller holds a session-level advisory lock on a
// connection of its own: the lock lives exactly as long as that connection, so a process that
// dies (even kill -9, or a network partition the server notices) releases it, and a standby takes
// over within `retryMs`.
import type { Logger } from 'pino';
import type pg from 'pg';
import { ADVISORY_LOCKS } from '../db/advisory-locks.ts';
import { pingLockConnection, releaseIngestLock, tryIngestLock } from '../db/queries/ingest.queries.ts';
import { sleep } from './reddit/backoff.ts';

/** pg_advisory_lock key of "the one ingest poller" (every key lives in db/advisory-locks.ts). */
export const INGEST_LOCK_KEY = ADVISORY_LOCKS.ingestPoller;

export interface PollerLockOptions {
  signal: AbortSignal;
  log: Logger;
  /** How often a standby tries to take the lock. */
  retryMs: number;
  key?: string;
}

/**
 * Runs `work` whenever this process holds the lock, until `signal` aborts. `work` gets a signal
 * that aborts when the lock's connection is lost, and must return soon after it does.
 */
export async function whileHoldingPollerLock(
  pool: pg.Pool,
  options: PollerLockOptions,
  work: (lockLost: AbortSignal) => Promise<void>,
): Promise<void> {
  const { signal, log, retryMs } = options;
  const key = options.key ?? INGEST_LOCK_KEY;
  let announcedStandby = false;
  while (!signal.aborted) {
    let connection: pg.PoolClient | undefined;
    try {
      connection = await pool.connect();
      const [row] = await tryIngestLock.run({ key }, connection);
      if (!row?.locked) {
        if (!announcedStandby) log.info('ingest: another process holds the poller lock; standing by');
        announcedStandby = true;
        connection.release();
        connection = undefined;
        await sleep(retryMs, signal);
        continue;
      }
      announcedStandby = false;
      log.info('ingest: holding the poller lock');
      const lost = new AbortController();
      const held = connection;
      const loseLock = (error: unknown) => {
        if (lost.signal.aborted) return;
        log.error({ err: error }, 'ingest: lost the poller lock connection; polling paused');
        lost.abort(error);
      };
      held.on('error', loseLock);
      // A silent network partition raises no error event: a heartbeat notices it.
      const heartbeat = setInterval(() => {
        pingLockConnection.run(undefined, held).catch(loseLock);
      }, retryMs);
      try {
        await work(lost.signal);
      } finally {
        clearInterval(heartbeat);
      }
      if (lost.signal.aborted) {
        // The connection is broken: destroy it rather than return it to the pool.
        connection.release(true);
      } else {
        await releaseIngestLock.run({ key }, connection);
        connection.release();
      }
      connection = undefined;
    } catch (error) {
      log.error({ err: error }, 'ingest: poller lock error; retrying');
      connection?.release(true);
      connection = undefined;
      await sleep(retryMs, signal);
    }
  }
}
