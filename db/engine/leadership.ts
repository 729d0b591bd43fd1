// "Only one process does this at a time" — the poller (one Reddit budget) and the history walk of a
// re-score — on either engine, written once.
//
// Server mode: several processes may run a role (replicas, rolling deploys). The leader holds a
// session-level advisory lock on a connection of its own: the lock lives exactly as long as that
// connection, so a process that dies (even kill -9, or a partition the server notices) releases it,
// and a standby takes over within `retryMs`. A heartbeat and the connection's error event tell the
// leader when its lock may be gone; it then stops the work and destroys the connection.
//
// Embedded mode: the data directory's lock (data-dir-lock.ts) already makes this process
// the only one, so it leads from the start and never loses the lead.
import type pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AdvisoryLockKey } from '../advisory-locks.ts';
import { pingLeadership, releaseLeadership, tryLeadership } from '../queries/leadership.queries.ts';

export interface LeadershipLog {
  info(message: string): void;
  error(fields: { err: unknown }, message: string): void;
}

export interface LeadershipOptions {
  /** Aborts to stop leading (or waiting to lead); `whileLeader` then resolves. */
  signal: AbortSignal;
  /** How often a standby tries to take the lead, and the leader checks its connection. */
  retryMs: number;
  /** Says who leads, in log lines: "ingest poller", "re-scoring". */
  name: string;
  log: LeadershipLog;
}

/**
 * Runs `work` whenever this process leads for `key`, until `options.signal` aborts. `work` gets a
 * signal that aborts when the lead is lost (or `options.signal` aborts) and must return soon after.
 * Work that throws is logged and, after `retryMs`, run again if the lead still holds.
 */
export type WhileLeader = (
  key: AdvisoryLockKey,
  options: LeadershipOptions,
  work: (lost: AbortSignal) => Promise<void>,
) => Promise<void>;

/** Embedded: the only process on its data directory leads for every key. */
export const leadAlone: WhileLeader = async (_key, options, work) => {
  const { signal, retryMs, log, name } = options;
  while (!signal.aborted) {
    try {
      await work(signal);
    } catch (error) {
      log.error({ err: error }, `${name}: failed; retrying`);
    }
    await sleep(retryMs, undefined, { signal }).catch(() => undefined);
  }
};

/** Server: leads while holding `key`'s session advisory lock on a connection of its own. */
export function leadWithAdvisoryLock(pool: pg.Pool): WhileLeader {
  return async (key, options, work) => {
    const { signal, retryMs, log, name } = options;
    const pause = () => sleep(retryMs, undefined, { signal }).catch(() => undefined);
    let announcedStandby = false;
    while (!signal.aborted) {
      let connection: pg.PoolClient | undefined;
      try {
        connection = await pool.connect();
        const [row] = await tryLeadership.run({ key }, connection);
        if (!row?.acquired) {
          if (!announcedStandby) log.info(`${name}: another process leads; standing by`);
          announcedStandby = true;
          connection.release();
          connection = undefined;
          await pause();
          continue;
        }
        announcedStandby = false;
        log.info(`${name}: leading`);
        const lost = new AbortController();
        const stop = () => lost.abort(signal.reason);
        signal.addEventListener('abort', stop, { once: true });
        const held = connection;
        const loseLead = (error: unknown) => {
          if (lost.signal.aborted) return;
          log.error({ err: error }, `${name}: lost the lock's connection; paused`);
          lost.abort(error);
        };
        held.on('error', loseLead);
        // A silent network partition raises no error event: a heartbeat notices it.
        const heartbeat = setInterval(() => {
          pingLeadership.run(undefined, held).catch(loseLead);
        }, retryMs);
        let failed = false;
        try {
          await work(lost.signal);
        } catch (error) {
          failed = true;
          log.error({ err: error }, `${name}: failed; retrying`);
        } finally {
          clearInterval(heartbeat);
          signal.removeEventListener('abort', stop);
        }
        if (lost.signal.aborted && !signal.aborted) {
          // The connection is broken: destroy it rather than return it to the pool.
          connection.release(true);
        } else {
          await releaseLeadership.run({ key }, connection);
          // Back in the pool it is another caller's connection: its errors are no longer ours.
          held.off('error', loseLead);
          connection.release();
        }
        connection = undefined;
        if (failed) await pause();
      } catch (error) {
        log.error({ err: error }, `${name}: lock error; retrying`);
        connection?.release(true);
        connection = undefined;
        await pause();
      }
    }
  };
}
