// Stops a process cleanly, with one clear message, when its embedded data directory's storage
// fails (disk full, read-only, I/O error, engine aborted): db/engine/storage-failure.ts says why
// stopping beats retrying. Server mode has nothing to watch: the server owns its disk, and the
// workers' retries with backoff ride out an operator freeing space there.
import type { Logger } from 'pino';
import type { AnyDatabase } from '../db/open.ts';
import { describeStorageFailure, type StorageFailure } from '../db/engine/storage-failure.ts';
import type { Shutdown } from './shutdown.ts';

/**
 * Watches `db` from now on. Returns `attach`: hand it the process's shutdown once it exists (after
 * start-up). A failure during start-up is reported at once and stops the process as soon as
 * `attach` is called, if start-up itself has not already failed on it.
 */
export function stopOnStorageFailure(db: AnyDatabase, log: Logger): (shutdown: Shutdown) => void {
  let shutdown: Shutdown | undefined;
  let message: string | undefined;
  if (db.kind === 'embedded') {
    db.onStorageFailure((failure: StorageFailure) => {
      if (message !== undefined) return; // one failure makes every statement fail: report the first
      message = describeStorageFailure(failure, db.dataDir ?? '(in memory)');
      log.fatal({ failure }, 'storage failure: stopping cleanly');
      console.error(`\n${message}`);
      shutdown?.fail(message);
    });
  }
  return (attached) => {
    shutdown = attached;
    if (message !== undefined) attached.fail(message);
  };
}
