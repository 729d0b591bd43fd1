// Graceful shutdown for every process entry point (npm start, the scorer and ingest processes):
// on SIGINT/SIGTERM — or when the process itself decides it cannot go on (its embedded data
// directory's disk is full) — run the stop steps in order (stop taking work, finish what is in
// flight, close pools), exit 0 when a signal's stop succeeds, 1 otherwise — and never hang: past
// the deadline the process exits anyway, so a rolling deploy or Ctrl-C always ends it.
import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

export interface Shutdown {
  /**
   * Stops the process from inside, as a signal would, but exits 1: it stopped because of `reason`,
   * not because it was asked to. A second call (or a signal during the stop) does nothing.
   */
  fail(reason: string): void;
}

export function stopOnSignals(log: Logger, steps: () => ShutdownStep[], deadlineMs = 20_000): Shutdown {
  let stopping = false;
  async function shutdown(trigger: { signal: NodeJS.Signals } | { reason: string }): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.info(trigger, 'shutting down');
    const force = setTimeout(() => {
      log.error({ deadlineMs }, 'shutdown took too long, exiting anyway');
      process.exit(1);
    }, deadlineMs);
    force.unref();
    let failed = false;
    for (const step of steps()) {
      try {
        await step.run();
      } catch (error) {
        failed = true;
        log.error({ err: error, step: step.name }, 'error during shutdown');
      }
    }
    if (!failed && 'signal' in trigger) log.info('stopped cleanly');
    // A stop the process chose is worth a warning even at LOG_LEVEL=warn: it did not stop by request.
    else if (!failed) log.warn(trigger, 'stopped cleanly after a failure');
    process.exitCode = failed || 'reason' in trigger ? 1 : 0;
  }
  process.on('SIGINT', (signal) => void shutdown({ signal }));
  process.on('SIGTERM', (signal) => void shutdown({ signal }));
  return { fail: (reason) => void shutdown({ reason }) };
}
