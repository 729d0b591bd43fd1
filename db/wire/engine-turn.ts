// A wire client's turns with the shared engine (./connection.ts has the socket and the protocol).
//
// A turn begins when the client's first cycle needs the engine: it takes the engine's lock, puts
// the client's session context on it (./session-sandbox.ts) and prepares again any of its
// statements another client's DISCARD ALL dropped. It ends when the client is outside any
// transaction and not mid-cycle: the app's session goes back, then the lock. A turn is capped from
// its start (transactionMaxMs). When the client goes away, whatever it left open on the shared
// session is rolled back and its prepared statements closed.
import { Buffer } from 'node:buffer';
import type { WireBackend } from '../engine/embedded.ts';
import {
  Tag,
  closeStatementMessage,
  errorResponse,
  queryMessage,
  scanBackendOutput,
  syncMessage,
  type BackendOutput,
  type TransactionStatus,
} from '../protocol/messages.ts';
import type { ClientStatements, Effects } from './client-statements.ts';
import type { ClientSession } from './session-sandbox.ts';

export type TurnLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  msg: string,
  fields: Record<string, unknown>,
) => void;

export interface EngineTurnContext {
  backend: WireBackend;
  statements: ClientStatements;
  /** A turn lasts at most this long from its first statement (25P04). */
  transactionMaxMs: number;
  /** A turn idle between cycles this long ends the client (25P03). */
  transactionTimeoutMs: number;
  log: TurnLog;
  /** The client is going away: a turn that begins now only cleans up. */
  closing: () => boolean;
  /** A cycle is running (activity, whatever the clock says). */
  busy: () => boolean;
  /** A limit was reached: end the client with this FATAL notice. */
  onTimeout: (reason: string, notice: Buffer) => void;
}

export interface CycleOutput {
  output: Buffer;
  /** The engine reported an error in this cycle (it then skipped the rest up to the Sync). */
  sawError: boolean;
}

export class EngineTurn {
  readonly #ctx: EngineTurnContext;
  /** Runs the session's own statements (enter / leave) on the engine this turn holds. */
  readonly session: ClientSession;
  #release: (() => void) | null = null;
  #timer: NodeJS.Timeout | null = null;
  #idleTimer: NodeJS.Timeout | null = null;
  /** Whether any turn ran: only then is there anything to clean up at the end. */
  #everTaken = false;
  /** What the statements of this turn may have done to the session. */
  #touches = false;
  #resetsSettings = false;
  #status: TransactionStatus = 'I';
  #midCycle = false;

  constructor(
    ctx: EngineTurnContext,
    makeSession: (run: (what: string, sql: string) => Promise<Buffer>) => ClientSession,
  ) {
    this.#ctx = ctx;
    this.session = makeSession(async (what, sql) => (await this.#run(what, queryMessage(sql))).raw);
  }

  get held(): boolean {
    return this.#release !== null;
  }

  get status(): TransactionStatus {
    return this.#status;
  }

  /** Remembers what a judged statement may do to the session, for the end of this turn. */
  note(effects: Effects): void {
    if (effects.touchesSession) this.#touches = true;
    if (effects.resetsClientSettings) this.#resetsSettings = true;
    if (effects.dropsPreparedStatements) this.#ctx.statements.dropAll();
  }

  /** A message the parser cannot judge (a fastpath function call) may touch the session. */
  noteUnknown(): void {
    this.#touches = true;
  }

  /**
   * Runs one cycle's messages in this client's turn (taking the engine first if needed). `final`
   * when they end with Sync or a simple Query. Null when the client closed while waiting.
   */
  async run(input: Buffer, final: boolean): Promise<CycleOutput | null> {
    await this.#take();
    // Ended while waiting: the clean-up runs with the lock now held.
    if (this.#ctx.closing()) return null;
    if (this.#touches) await this.session.readAppListens();
    const ran = scanBackendOutput(await this.#engine(input));
    this.#ctx.statements.cycleRan();
    let output = ran.forClient;
    let status = ran.finalStatus;
    if (final && status === null) {
      // This PGlite build sometimes omits the ReadyForQuery after a Sync; a lone Sync reports the
      // session's real transaction status.
      const extra = scanBackendOutput(await this.#engine(syncMessage()));
      if (extra.finalStatus === null) throw new Error('engine returned no ReadyForQuery for a lone Sync');
      this.#ctx.log('debug', 'appended a ReadyForQuery the engine omitted', { status: extra.finalStatus });
      output = Buffer.concat([output, extra.forClient]);
      status = extra.finalStatus;
    }
    if (final && status !== null) {
      this.#status = status;
      this.#midCycle = false;
      // Whatever the cycle committed is announced before the client is told (read-write mode).
      if (status === 'I') await this.session.announceWrites();
    } else {
      this.#midCycle = true;
    }
    return { output, sawError: ran.sawError };
  }

  /** A lone Sync needs the engine only while the client holds it. */
  needsEngine(input: Buffer, final: boolean): boolean {
    const loneSync = final && input.length === 5 && input[0] === Tag.Sync;
    return input.length > 0 && !(loneSync && !this.held);
  }

  /** Ends the turn if the client is outside any transaction; returns whether it still holds one. */
  async endIfIdle(): Promise<boolean> {
    if (this.#midCycle || this.#status !== 'I') return true;
    const touched = this.#touches;
    const resets = this.#resetsSettings;
    this.#touches = false;
    this.#resetsSettings = false;
    try {
      await this.session.leave(touched, resets);
    } finally {
      this.release();
    }
    return false;
  }

  /** Lets go of the engine's lock (the turn's session work is done or abandoned). */
  release(): void {
    this.clearIdle();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  /**
   * Leaves the shared session as the app expects it after this client: no open transaction, none
   * of its prepared statements, the app's session context back. Then releases the lock.
   */
  async cleanUp(): Promise<void> {
    try {
      await this.#cleanSession();
    } finally {
      this.release();
    }
  }

  async #take(): Promise<void> {
    if (this.#release !== null) return;
    this.#release = await this.#ctx.backend.acquireExclusive();
    if (this.#ctx.closing()) return;
    this.#everTaken = true;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.held) this.#onTurnTimeout();
    }, this.#ctx.transactionMaxMs);
    this.#timer.unref();
    await this.session.enter(this.#touches);
    // Another client's DISCARD ALL / DEALLOCATE ALL dropped this one's statements: prepare them again.
    const parses = this.#ctx.statements.toPrepareAgain();
    if (parses.length > 0) {
      await this.#run('prepare statements again', Buffer.concat([...parses, syncMessage()]));
      this.#ctx.log('debug', 'prepared statements again after another client dropped them', {
        count: parses.length,
      });
    }
  }

  /** Starts (or restarts) the idle clock while the client holds a turn between cycles. */
  armIdle(): void {
    this.clearIdle();
    if (!this.held) return;
    this.#idleTimer = setTimeout(() => this.#onIdleTimeout(), this.#ctx.transactionTimeoutMs);
    this.#idleTimer.unref();
  }

  /** Input arrived: an armed idle clock starts again. */
  touchIdle(): void {
    if (this.#idleTimer) this.armIdle();
  }

  clearIdle(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  #onIdleTimeout(): void {
    this.#idleTimer = null;
    if (this.#ctx.busy() || this.#ctx.closing() || !this.held) return;
    const timeoutMs = this.#ctx.transactionTimeoutMs;
    this.#ctx.log('warn', 'aborting a wire client transaction left open too long', {
      timeoutMs,
      status: this.#status,
    });
    this.#ctx.onTimeout(
      'idle-in-transaction timeout',
      errorResponse({
        severity: 'FATAL',
        code: '25P03',
        message: 'terminating connection due to idle-in-transaction timeout',
        detail: `The embedded database is shared with the app; a transaction may stay idle for at most ${timeoutMs} ms.`,
      }),
    );
  }

  #onTurnTimeout(): void {
    if (this.#ctx.closing()) return;
    const maxMs = this.#ctx.transactionMaxMs;
    this.#ctx.log('warn', 'ending a wire client that held the engine too long', {
      maxMs,
      status: this.#status,
    });
    this.#ctx.onTimeout(
      'transaction timeout',
      errorResponse({
        severity: 'FATAL',
        code: '25P04',
        message: 'terminating connection due to transaction timeout',
        detail: `The embedded database is shared with the app; a transaction may last at most ${maxMs} ms from its first statement (DB_PORT_TRANSACTION_MAX_MS).`,
      }),
    );
  }

  async #cleanSession(): Promise<void> {
    if (!this.#everTaken) return;
    const held = this.held;
    if (!held) {
      // The app has its session; only this client's prepared statements are left to close.
      if (this.#ctx.statements.size === 0) return;
      this.#release = await this.#ctx.backend.acquireExclusive();
    }
    if (this.#midCycle || this.#status !== 'I') {
      // Sync first: after an error mid-cycle the backend ignores everything until a Sync.
      const rolledBack = await this.#run(
        'roll back',
        Buffer.concat([syncMessage(), queryMessage('ROLLBACK')]),
      );
      if (rolledBack.finalStatus !== 'I') {
        throw new Error(
          `session still in transaction (status ${String(rolledBack.finalStatus)}) after ROLLBACK`,
        );
      }
      this.#status = 'I';
      this.#midCycle = false;
      this.#ctx.log('info', 'rolled back what a wire client left open', {});
    }
    if (this.#ctx.statements.size > 0) {
      const closes = this.#ctx.statements.takeAll().map((name) => closeStatementMessage(name));
      await this.#run('close prepared statements', Buffer.concat([...closes, syncMessage()]));
    }
    if (held) await this.session.leave(true, false);
  }

  /**
   * The engine returns a view of its receive buffer, which its next call overwrites — possibly
   * before the socket has flushed it, or before a second call here — so take a copy at once.
   */
  async #engine(input: Buffer): Promise<Buffer> {
    return Buffer.from(await this.#ctx.backend.execProtocolRaw(input));
  }

  async #run(what: string, input: Buffer): Promise<BackendOutput & { raw: Buffer }> {
    const raw = await this.#engine(input);
    const result = scanBackendOutput(raw);
    if (result.sawError)
      this.#ctx.log('warn', `${what} after a wire client reported an error`, { error: result.firstError });
    return { ...result, raw };
  }
}
