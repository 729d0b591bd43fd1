// The fake-Reddit faults the fault scenario throws at a live `npm start`, one phase at a time, and
// how each must show up in the app's log ("bad input gets a clear error"). Log lines are pino JSON;
// transient faults that a retry absorbs are logged at debug, faults that fail a poll at error.
import type { Fault } from '../../tools/fake-reddit/server.ts';

/** One pino line, as much of it as the checks read. */
export type LogLine = Record<string, unknown> & { msg?: string };

export interface LogExpectation {
  /** What the line must say, in words, for the failure message. */
  what: string;
  matches(line: LogLine): boolean;
  /** At least this many such lines. */
  count: number;
}

export interface FaultPhase {
  name: string;
  /** Scripted faults (consumed one per request, FIFO); empty for the phases that act otherwise. */
  faults: Fault[];
  action?: 'expire-tokens' | 'delete-anchor' | 'catch-up-burst';
  logs: LogExpectation[];
  /** Dead letters this phase adds, by reason. */
  deadLetters: Record<string, number>;
}

const text = (line: LogLine, key: string) => {
  const value = line[key];
  return typeof value === 'string' ? value : '';
};

const retried = (line: LogLine) => line.msg === 'reddit: request failed, retrying';

/** A 5xx/52x the client retried (debug), or the poll failure it ended in (error / warn). */
export function loggedStatus(status: number): LogExpectation {
  return {
    what: `HTTP ${status}`,
    count: 1,
    matches: (line) =>
      (retried(line) && line.status === status) ||
      text(line, 'msg').includes(`answered ${status} `) ||
      text(line, 'error').includes(`answered ${status} `),
  };
}

export function logged429(count: number, retryAfterMs: number): LogExpectation {
  return {
    what: `${count} × "429 Too Many Requests, waiting" with retry-after ${retryAfterMs} ms`,
    count,
    matches: (line) =>
      line.msg === 'reddit: 429 Too Many Requests, waiting' && line.retryAfterMs === retryAfterMs,
  };
}

export function loggedDeadLetter(reason: string, count: number): LogExpectation {
  return {
    what: `${count} × bad input kept in ingest_dead_letters (reason ${reason})`,
    count,
    matches: (line) => line.msg === 'ingest: bad input kept in ingest_dead_letters' && line.reason === reason,
  };
}

const loggedReset = (count: number): LogExpectation => ({
  what: `${count} × a reset connection (as a network error)`,
  count,
  matches: (line) =>
    (retried(line) && typeof line.error === 'string') || text(line, 'msg').includes('Reddit is unreachable'),
});

const loggedRelogin: LogExpectation = {
  what: '"401, logging in again and retrying once"',
  count: 1,
  matches: (line) => line.msg === 'reddit: 401, logging in again and retrying once',
};

const loggedAnchorCatchUp: LogExpectation = {
  what: 'the deleted anchor noticed and caught up by creation time',
  count: 1,
  matches: (line) => text(line, 'msg').includes('anchor post deleted?'),
};

/** Every kind of fault once; `maxAttempts` is the app's REQUEST_MAX_ATTEMPTS. */
export function faultPhases(maxAttempts: number): FaultPhase[] {
  // Short of the attempts limit: retried inside one poll. At the limit: the poll fails and is retried.
  const serverErrors = [500, 502, 503, 504, 520, 522] as const;
  const burst = serverErrors.slice(0, maxAttempts - 1);
  const outage = serverErrors.slice(maxAttempts - 1, 2 * maxAttempts - 1);
  return [
    {
      name: '429 storm with retry-after',
      faults: Array.from({ length: maxAttempts - 1 }, () => ({
        kind: 'status' as const,
        status: 429 as const,
        retryAfter: 1,
      })),
      logs: [logged429(maxAttempts - 1, 1_000)],
      deadLetters: {},
    },
    {
      name: `5xx/52x burst (${burst.join(', ')}), retried within a poll`,
      faults: burst.map((status) => ({ kind: 'status' as const, status })),
      logs: burst.map(loggedStatus),
      deadLetters: {},
    },
    {
      name: `5xx/52x outage (${outage.join(', ')}), failing a poll`,
      faults: outage.map((status) => ({ kind: 'status' as const, status })),
      logs: outage.map(loggedStatus),
      deadLetters: {},
    },
    {
      name: 'reset connections',
      faults: [{ kind: 'reset-connection' }, { kind: 'reset-connection' }],
      logs: [loggedReset(2)],
      deadLetters: {},
    },
    {
      name: 'malformed pages (cut-off JSON, unexpected kind, missing fields)',
      faults: [
        { kind: 'malformed-json' },
        { kind: 'unexpected-kind', childKind: 't1' },
        { kind: 'missing-field', field: 'title' },
        { kind: 'missing-field', field: 'created_utc' },
      ],
      logs: [
        loggedDeadLetter('malformed-json', 1),
        loggedDeadLetter('unexpected-kind', 1),
        loggedDeadLetter('invalid-post', 2),
      ],
      deadLetters: { 'malformed-json': 1, 'unexpected-kind': 1, 'invalid-post': 2 },
    },
    {
      // Real exhaustion, no injected 429: a catch-up walk needs more requests than the window has
      // left, so the app must spend the window to its end and wait for the reset, never past it.
      name: 'catch-up burst needing more requests than the rate window has left',
      faults: [],
      action: 'catch-up-burst',
      logs: [],
      deadLetters: {},
    },
    { name: 'token expiry', faults: [], action: 'expire-tokens', logs: [loggedRelogin], deadLetters: {} },
    {
      name: 'deleted anchor',
      faults: [],
      action: 'delete-anchor',
      logs: [loggedAnchorCatchUp],
      deadLetters: {},
    },
  ];
}

/** The pino lines in a slice of the app's output (the ready line and other text are skipped). */
export function logLines(output: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of output.split('\n')) {
    if (!raw.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(raw) as LogLine);
    } catch {
      // A line cut by the slice boundary.
    }
  }
  return lines;
}

/** The expectations a slice of log does not meet yet, each as "not logged: …". */
export function unmetExpectations(
  lines: readonly LogLine[],
  expectations: readonly LogExpectation[],
): string[] {
  return expectations
    .filter((e) => lines.filter((line) => e.matches(line)).length < e.count)
    .map((e) => `not logged: ${e.what}`);
}
