// One wire client. All clients (and the in-process app) share ONE backend session, so a client's
// protocol cycle — everything up to its Sync or simple Query — runs atomically while holding the
// engine lock, and the lock is kept between cycles only while the client is inside a transaction
// (or mid-cycle after a Flush). An idle client holds nothing, so it cannot stall the app.
//
// Every statement is judged first on Postgres' own parse tree (./sql-policy.ts); while the client
// holds the engine the session carries the client's settings, and before the app gets it back the
// app's session is restored (./session-sandbox.ts). A turn with the engine is capped from its start
// (transactionMaxMs) as well as when idle (transactionTimeoutMs).
import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import type { WireBackend } from '../engine/embedded.ts';
import {
  FrameReader,
  ProtocolError,
  Tag,
  closeStatementMessage,
  errorResponse,
  queryMessage,
  readCString,
  readyForQuery,
  scanBackendOutput,
  syncMessage,
  type BackendOutput,
  type Frame,
  type TransactionStatus,
} from '../protocol/messages.ts';
import { ClientStatements, type Effects } from './client-statements.ts';
import { ClientSession, type SessionBaseline } from './session-sandbox.ts';
import { judgeSql, type PortMode, type Refusal } from './sql-policy.ts';

import { answerStartup } from './startup.ts';
import { namespaceMessage, replaceParseText, statementPrefix } from './statement-names.ts';

export type WireLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type WireLog = (level: WireLogLevel, msg: string, fields: Record<string, unknown>) => void;

export interface ConnectionContext {
  readonly id: number;
  readonly backend: WireBackend;
  readonly mode: PortMode;
  /** A client transaction idle this long is rolled back and the client disconnected (25P03). */
  readonly transactionTimeoutMs: number;
  /** A client holding the engine this long from its first statement is disconnected (25P04). */
  readonly transactionMaxMs: number;
  /** A client that has not completed its startup packet this long after connecting is dropped. */
  readonly startupTimeoutMs: number;
  readonly maxMessageBytes: number;
  readonly maxClients: number;
  /** Whether one more client fits (called once, when this one's startup packet arrives). */
  readonly admit: () => boolean;
  /** Ends the client with `processId` if `secretKey` matches (a cancel request). */
  readonly cancel: (processId: number, secretKey: number) => void;
  /**
   * Shared by every client of the port: advanced when a client's DISCARD ALL or DEALLOCATE ALL
   * dropped every prepared statement of the session; the others prepare theirs again at their next
   * turn, so a pool's reset on one connection never breaks another's statements.
   */
  readonly statementsEpoch: { value: number };
  /** ParameterStatus values announced to every client (application_name is added per client). */
  readonly serverParameters: ReadonlyMap<string, string>;
  /** The app's session when the port started; restored before the app runs again. */
  readonly baseline: SessionBaseline;
  readonly log: WireLog;
}

// A client that pipelines this much without a Sync gets its messages run early (holding the lock
// until the Sync), exactly as a real server would process them as they arrive.
const RUN_EARLY_ABOVE_BYTES = 16 * 1024 * 1024;
// Stop reading from a client that sends faster than its cycles run.
const PAUSE_READING_ABOVE_BYTES = 8 * 1024 * 1024;
// After a FATAL message, how long a client that does not read may keep its socket.
const CLOSE_GRACE_MS = 2_000;

const refusalMessage = (refusal: Refusal): Buffer => errorResponse({ severity: 'ERROR', ...refusal });

export class WireConnection {
  readonly id: number;
  readonly remote: string;
  /** Resolves once the socket is closed and the shared session is cleaned up; never rejects. */
  readonly closed: Promise<void>;

  readonly #socket: Socket;
  readonly #ctx: ConnectionContext;
  readonly #reader: FrameReader;
  readonly #prefix: Buffer;
  readonly #sessionCleaned: PromiseWithResolvers<void> = Promise.withResolvers();
  readonly #session: ClientSession;

  #phase: 'startup' | 'ready' | 'closing' = 'startup';
  #client: Record<string, string> = {};
  #secretKey = -1;
  #pumping = false;
  #ended = false;
  #finishing = false;

  #cycle: Buffer[] = [];
  #cycleBytes = 0;
  /** An error for a statement the port refused, emitted in order within the cycle's output. */
  #pendingError: Buffer | null = null;
  /** After a refused Parse, drop extended messages until Sync, as Postgres does after an error. */
  #skipping = false;
  /** What the statements of this turn with the engine may have done to the session. */
  #turnTouches = false;
  #turnResetsSettings = false;

  #release: (() => void) | null = null;
  #status: TransactionStatus = 'I';
  #midCycle = false;
  #touchedSession = false;
  readonly #statements: ClientStatements;
  #idleTimer: NodeJS.Timeout | null = null;
  #turnTimer: NodeJS.Timeout | null = null;
  #startupTimer: NodeJS.Timeout | null = null;

  constructor(socket: Socket, ctx: ConnectionContext) {
    this.#socket = socket;
    this.#ctx = ctx;
    this.id = ctx.id;
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.#prefix = statementPrefix(ctx.id);
    this.#reader = new FrameReader(ctx.maxMessageBytes);
    this.#statements = new ClientStatements(this.#prefix, ctx.statementsEpoch);
    this.#session = new ClientSession(
      ctx.mode,
      ctx.baseline,
      async (what, sql) => (await this.#run(what, queryMessage(sql))).raw,
    );
    this.#startupTimer = setTimeout(() => {
      this.#startupTimer = null;
      this.#log('info', 'wire client sent no startup packet in time; closing it', {
        timeoutMs: ctx.startupTimeoutMs,
      });
      this.terminate('startup timeout');
    }, ctx.startupTimeoutMs);
    this.#startupTimer.unref();
    const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    this.closed = Promise.all([socketClosed, this.#sessionCleaned.promise]).then(() => undefined);

    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => {
      this.#ended = true;
      this.#kick();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const expected = error.code === 'ECONNRESET' || error.code === 'EPIPE';
      this.#log(expected ? 'debug' : 'warn', 'wire client socket error', { error: error.message });
      this.terminate('socket error');
    });
    socket.on('close', () => this.terminate('socket closed'));
  }

  get inTransaction(): boolean {
    return this.#status !== 'I';
  }

  /** A cancel request names this client: end it (its running statement cannot be interrupted). */
  cancel(secretKey: number): boolean {
    if (this.#phase !== 'ready' || secretKey !== this.#secretKey) return false;
    this.#log('info', 'wire client cancelled by a cancel request; closing it', {});
    this.terminate(
      'cancel request',
      errorResponse({
        severity: 'FATAL',
        code: '57014',
        message: 'canceling statement due to user request',
        detail:
          'The embedded engine cannot interrupt a running statement: the connection is closed once it ends, and its transaction rolled back.',
      }),
    );
    return true;
  }

  /**
   * Ends this client: optionally sends it `notice` (a FATAL ErrorResponse), rolls back whatever it
   * left open on the shared session and releases the engine lock. Idempotent.
   */
  terminate(reason: string, notice?: Buffer): void {
    if (this.#phase === 'closing') return;
    this.#phase = 'closing';
    this.#clearIdleTimer();
    this.#clearTurnTimer();
    if (this.#startupTimer) clearTimeout(this.#startupTimer);
    this.#log('debug', 'closing wire client', { reason });
    const socket = this.#socket;
    if (!socket.destroyed) {
      if (notice && socket.writable) socket.end(notice);
      else socket.end();
      // A client that stops reading must not keep the port (or close()) waiting.
      setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
    }
    // While a cycle is running, the pump finishes it and then cleans up (it owns the lock).
    if (!this.#pumping) void this.#finish();
  }

  // ---- input --------------------------------------------------------------------------------

  #onData(chunk: Buffer): void {
    if (this.#phase === 'closing') return;
    this.#reader.push(chunk);
    if (this.#idleTimer) this.#armIdleTimer();
    if (this.#pumping) {
      if (this.#reader.buffered > PAUSE_READING_ABOVE_BYTES) this.#socket.pause();
      return;
    }
    this.#kick();
  }

  #kick(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    void this.#pump();
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        if (this.#phase === 'closing') break;
        const frame = this.#phase === 'startup' ? this.#reader.nextStartup() : this.#reader.next();
        if (!frame) break;
        await this.#handle(frame);
        if (this.#release === null && this.#socket.writableNeedDrain) await this.#drained();
      }
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#pumping = false;
    }
    if (this.#phase === 'closing') {
      await this.#finish();
      return;
    }
    if (this.#ended) {
      this.terminate('client closed the connection');
      return;
    }
    // Nothing complete is buffered, so more input is needed: reading must be on.
    if (this.#socket.isPaused()) this.#socket.resume();
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.#socket.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      this.#socket.on('drain', done);
      this.#socket.on('close', done);
    });
  }

  async #handle(frame: Frame): Promise<void> {
    if (this.#phase === 'startup') {
      this.#handleStartup(frame);
      return;
    }
    if (this.#skipping && frame.tag !== Tag.Sync && frame.tag !== Tag.Flush && frame.tag !== Tag.Terminate)
      return;
    switch (frame.tag) {
      case Tag.Parse:
      case Tag.Bind:
      case Tag.Describe:
      case Tag.Execute:
      case Tag.Close: {
        let message = namespaceMessage(frame, this.#prefix);
        if (message.sql !== null) {
          const verdict = judgeSql(message.sql, this.#ctx.mode);
          if (verdict.refusal) {
            this.#pendingError = refusalMessage(verdict.refusal);
            this.#skipping = true;
            return;
          }
          if (verdict.deallocate) {
            const sql = this.#statements.ownDeallocate(message.sql, verdict.deallocate);
            message = { ...message, raw: replaceParseText(message.raw, sql), sql };
          }
          this.#statements.parsed(message.opened, message.raw, verdict);
        }
        if (frame.tag === Tag.Bind) {
          const effects = this.#statements.effectsOfBind(frame);
          if (effects) this.#note(effects);
        }
        if (message.closed) this.#statements.closed(message.closed);
        this.#buffer(message.raw);
        if (this.#cycleBytes > RUN_EARLY_ABOVE_BYTES) await this.#execute(false);
        return;
      }
      case Tag.Flush:
        await this.#execute(false);
        return;
      case Tag.Sync:
        this.#skipping = false;
        this.#buffer(frame.raw);
        await this.#execute(true);
        return;
      case Tag.Query: {
        const sql = readCString(frame.body, 0);
        if (sql.next !== frame.body.length) throw new ProtocolError('invalid Query message');
        const verdict = judgeSql(sql.bytes.toString('utf8'), this.#ctx.mode);
        if (verdict.refusal) {
          // Stand-in for the refused query, so the reply still ends with a real ReadyForQuery.
          this.#pendingError = refusalMessage(verdict.refusal);
          this.#buffer(syncMessage());
        } else if (verdict.deallocate) {
          this.#note(verdict);
          this.#buffer(
            queryMessage(this.#statements.ownDeallocate(sql.bytes.toString('utf8'), verdict.deallocate)),
          );
        } else {
          this.#note(verdict);
          this.#buffer(frame.raw);
        }
        await this.#execute(true);
        return;
      }
      case Tag.FunctionCall:
        if (this.#ctx.mode === 'read-only') {
          this.#pendingError = refusalMessage({
            code: '25006',
            message: 'the fastpath function call interface is not available: the embedded port is read-only',
          });
          this.#buffer(syncMessage());
          await this.#execute(true);
          return;
        }
        this.#turnTouches = true;
        this.#buffer(frame.raw);
        await this.#execute(true);
        return;
      case Tag.Terminate:
        // Never forwarded: the backend session is shared, ending it would end everyone's.
        this.terminate('client sent Terminate');
        return;
      case Tag.CopyData:
      case Tag.CopyDone:
      case Tag.CopyFail:
        throw new ProtocolError(
          'COPY data received, but COPY FROM STDIN is not supported by this port',
          '0A000',
        );
      default:
        throw new ProtocolError(`unexpected message type 0x${frame.tag.toString(16).padStart(2, '0')}`);
    }
  }

  #handleStartup(frame: Frame): void {
    const outcome = answerStartup(frame, {
      processId: this.id,
      serverParameters: this.#ctx.serverParameters,
      admit: this.#ctx.admit,
      maxClients: this.#ctx.maxClients,
    });
    switch (outcome.kind) {
      case 'negotiate':
        this.#write(outcome.reply);
        return;
      case 'cancel':
        this.#ctx.cancel(outcome.processId, outcome.secretKey);
        this.terminate('cancel request delivered');
        return;
      case 'refused':
        this.#log('warn', 'wire port full: refused a client', { maxClients: this.#ctx.maxClients });
        this.terminate('too many clients', outcome.reply);
        return;
      case 'ready':
        if (this.#startupTimer) clearTimeout(this.#startupTimer);
        this.#startupTimer = null;
        this.#client = outcome.client;
        this.#secretKey = outcome.secretKey;
        this.#phase = 'ready';
        this.#write(outcome.reply);
        this.#log('debug', 'wire client connected', {});
    }
  }

  /** Remembers what a judged statement may do to the session, for the end of this turn. */
  #note(verdict: Effects): void {
    if (verdict.touchesSession) this.#turnTouches = true;
    if (verdict.resetsClientSettings) this.#turnResetsSettings = true;
    if (verdict.dropsPreparedStatements) this.#statements.dropAll();
  }

  #buffer(raw: Buffer): void {
    this.#cycle.push(raw);
    this.#cycleBytes += raw.length;
  }

  // ---- running cycles -----------------------------------------------------------------------

  /** Runs the buffered messages; `final` when they end with Sync or a simple Query/FunctionCall. */
  async #execute(final: boolean): Promise<void> {
    this.#clearIdleTimer();
    const input = this.#cycle.length === 1 ? (this.#cycle[0] ?? Buffer.alloc(0)) : Buffer.concat(this.#cycle);
    this.#cycle = [];
    this.#cycleBytes = 0;
    const loneSync = final && input.length === 5 && input[0] === Tag.Sync;
    if (input.length === 0 || (loneSync && this.#release === null)) {
      // Nothing to run, or a Sync while this client holds nothing: answer without the engine.
      const out: Buffer[] = [];
      if (this.#pendingError) out.push(this.#pendingError);
      if (final) out.push(readyForQuery(this.#status));
      this.#pendingError = null;
      this.#write(Buffer.concat(out));
      if (this.#release !== null) this.#armIdleTimer();
      return;
    }

    await this.#takeEngine();
    // Ended while waiting: #finish cleans up with the lock we now hold.
    if (this.#phase === 'closing') return;
    if (this.#turnTouches) await this.#session.readAppListens();
    const ran = scanBackendOutput(await this.#engine(input));
    this.#statements.cycleRan();
    let output = ran.forClient;
    let status = ran.finalStatus;
    if (final && status === null) {
      // This PGlite build sometimes omits the ReadyForQuery after a Sync; a lone Sync reports the
      // session's real transaction status.
      const extra = scanBackendOutput(await this.#engine(syncMessage()));
      if (extra.finalStatus === null) throw new Error('engine returned no ReadyForQuery for a lone Sync');
      this.#log('debug', 'appended a ReadyForQuery the engine omitted', { status: extra.finalStatus });
      output = Buffer.concat([output, extra.forClient]);
      status = extra.finalStatus;
    }
    if (this.#pendingError) {
      // After an earlier error in the cycle Postgres would have skipped the refused statement.
      if (!ran.sawError) output = insertBeforeReadyForQuery(output, this.#pendingError, final);
      this.#pendingError = null;
    }
    if (final && status !== null) {
      this.#status = status;
      this.#midCycle = false;
    } else {
      this.#midCycle = true;
    }
    this.#write(output);
    if (!this.#midCycle && this.#status === 'I') await this.#giveBackEngine();
    else this.#armIdleTimer();
  }

  /** Takes the engine for a turn (if not held yet): the client's session context goes on it. */
  async #takeEngine(): Promise<void> {
    if (this.#release !== null) return;
    this.#release = await this.#ctx.backend.acquireExclusive();
    if (this.#phase === 'closing') return;
    this.#touchedSession = true;
    this.#turnTimer = setTimeout(() => this.#onTurnTimeout(), this.#ctx.transactionMaxMs);
    this.#turnTimer.unref();
    await this.#session.enter(this.#turnTouches);
    // Another client's DISCARD ALL / DEALLOCATE ALL dropped this one's statements: prepare them again.
    const parses = this.#statements.toPrepareAgain();
    if (parses.length > 0) {
      await this.#run('prepare statements again', Buffer.concat([...parses, syncMessage()]));
      this.#log('debug', 'prepared statements again after another client dropped them', {
        count: parses.length,
      });
    }
  }

  /** Ends a turn (the client is outside any transaction): the app's session back, then the lock. */
  async #giveBackEngine(): Promise<void> {
    const touched = this.#turnTouches;
    const resets = this.#turnResetsSettings;
    this.#turnTouches = false;
    this.#turnResetsSettings = false;
    try {
      await this.#session.leave(touched, resets);
    } finally {
      this.#releaseLock();
    }
  }

  #releaseLock(): void {
    this.#clearTurnTimer();
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  // ---- idle-in-transaction timeout ------------------------------------------------------------

  #armIdleTimer(): void {
    this.#clearIdleTimer();
    if (this.#release === null) return;
    this.#idleTimer = setTimeout(() => this.#onIdleTimeout(), this.#ctx.transactionTimeoutMs);
    this.#idleTimer.unref();
  }

  #clearIdleTimer(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  #onIdleTimeout(): void {
    this.#idleTimer = null;
    // A running cycle is activity; the timer is re-armed when it ends.
    if (this.#pumping || this.#phase === 'closing' || this.#release === null) return;
    this.#log('warn', 'aborting a wire client transaction left open too long', {
      timeoutMs: this.#ctx.transactionTimeoutMs,
      status: this.#status,
    });
    this.terminate(
      'idle-in-transaction timeout',
      errorResponse({
        severity: 'FATAL',
        code: '25P03',
        message: 'terminating connection due to idle-in-transaction timeout',
        detail: `The embedded database is shared with the app; a transaction may stay idle for at most ${this.#ctx.transactionTimeoutMs} ms.`,
      }),
    );
  }

  #clearTurnTimer(): void {
    if (this.#turnTimer) clearTimeout(this.#turnTimer);
    this.#turnTimer = null;
  }

  #onTurnTimeout(): void {
    this.#turnTimer = null;
    if (this.#phase === 'closing' || this.#release === null) return;
    this.#log('warn', 'ending a wire client that held the engine too long', {
      maxMs: this.#ctx.transactionMaxMs,
      status: this.#status,
    });
    this.terminate(
      'transaction timeout',
      errorResponse({
        severity: 'FATAL',
        code: '25P04',
        message: 'terminating connection due to transaction timeout',
        detail: `The embedded database is shared with the app; a transaction may last at most ${this.#ctx.transactionMaxMs} ms from its first statement (DB_PORT_TRANSACTION_MAX_MS).`,
      }),
    );
  }

  // ---- teardown ---------------------------------------------------------------------------------

  #fail(error: unknown): void {
    if (error instanceof ProtocolError) {
      this.#log('warn', 'wire client protocol error; closing that client', {
        error: error.message,
        code: error.code,
      });
      this.terminate(
        'protocol error',
        errorResponse({ severity: 'FATAL', code: error.code, message: error.message }),
      );
      return;
    }
    const text = error instanceof Error ? error.message : String(error);
    this.#log('error', 'wire client cycle failed in the engine; closing that client', { error: text });
    this.terminate(
      'engine error',
      errorResponse({ severity: 'FATAL', code: 'XX000', message: `embedded engine failed: ${text}` }),
    );
  }

  async #finish(): Promise<void> {
    if (this.#finishing) return;
    this.#finishing = true;
    this.#clearIdleTimer();
    try {
      await this.#cleanSession();
    } catch (error) {
      this.#log('error', 'could not clean up the shared session after a wire client', {
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.#releaseLock();
      this.#sessionCleaned.resolve();
    }
  }

  /**
   * Leaves the shared session as the app expects it: no open transaction, none of this client's
   * prepared statements, settings as they were when the port started, and the engine's session
   * setup re-applied.
   */
  async #cleanSession(): Promise<void> {
    if (!this.#touchedSession) return;
    const held = this.#release !== null;
    if (!held) {
      // The app has its session; only this client's prepared statements are left to close.
      if (this.#statements.size === 0) return;
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
      this.#log('info', 'rolled back what a wire client left open', {});
    }
    if (this.#statements.size > 0) {
      const closes = this.#statements.takeAll().map((name) => closeStatementMessage(name));
      await this.#run('close prepared statements', Buffer.concat([...closes, syncMessage()]));
    }
    if (held) await this.#session.leave(true, false);
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
      this.#log('warn', `${what} after a wire client reported an error`, { error: result.firstError });
    return { ...result, raw };
  }

  #write(data: Buffer): void {
    if (data.length === 0 || !this.#socket.writable) return;
    this.#socket.write(data);
  }

  #log(level: WireLogLevel, msg: string, fields: Record<string, unknown>): void {
    this.#ctx.log(level, msg, { client: this.id, remote: this.remote, ...this.#client, ...fields });
  }
}

function insertBeforeReadyForQuery(output: Buffer, message: Buffer, final: boolean): Buffer {
  if (!final) return Buffer.concat([output, message]);
  // A ReadyForQuery is always 6 bytes: tag, Int32 length 5, status.
  const cut = output.length - 6;
  return Buffer.concat([output.subarray(0, cut), message, output.subarray(cut)]);
}
