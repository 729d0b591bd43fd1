// Graceful shutdown for every process entry point (npm start, the scorer and ingest processes):
// on SIGINT/SIGTERM run the stop steps in order (stop taking work, finish what is in flight, close
// pools), exit 0 when they all succeed, 1 otherwise — and never hang: past the deadline the process
// exits anyway, so a rolling deploy or Ctrl-C always ends it.
import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  run(): Promise<void>;
}

export function stopOnSignals(log: Logger, steps: () => ShutdownStep[], deadlineMs = 20_000): void {
  let stopping = false;
  async function shutdown(signal: NodeJS.Signals): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
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
    if (!failed) log.info('stopped cleanly');
    process.exitCode = failed ? 1 : 0;
  }
  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
}
