// One wire client. All clients (and the in-process app) share ONE backend session, so a client's
// protocol cycle — everything up to its Sync or simple Query — runs atomically while holding the
// engine lock, and the lock is kept between cycles only while the client is inside a transaction
// (or mid-cycle after a Flush). An idle client holds nothing, so it cannot stall the app.
//
// Every statement is judged first on Postgres' own parse tree (./sql-policy.ts); while the client
// holds the engine the session carries the client's settings, and before the app gets it back the
// app's session is restored (./session-sandbox.ts). A turn with the engine is capped from its start
// (transactionMaxMs) as well as when idle (transactionTimeoutMs): ./engine-turn.ts.
import { Buffer } from 'node:buffer';
import type { Socket } from 'node:net';
import {
  FrameReader,
  ProtocolError,
  Tag,
  errorResponse,
  readyForQuery,
  syncMessage,
  type Frame,
} from '../protocol/messages.ts';
import { ClientStatements } from './client-statements.ts';
import type { ConnectionContext, WireLogLevel } from './connection-context.ts';
import { EngineTurn } from './engine-turn.ts';
import { ClientSession } from './session-sandbox.ts';
import { StatementGate } from './statement-gate.ts';
import { answerStartup } from './startup.ts';
import { statementPrefix } from './statement-names.ts';

// A client that pipelines this much without a Sync gets its messages run early (holding the lock
// until the Sync), exactly as a real server would process them as they arrive.
const RUN_EARLY_ABOVE_BYTES = 16 * 1024 * 1024;
// Stop reading from a client that sends faster than its cycles run.
const PAUSE_READING_ABOVE_BYTES = 8 * 1024 * 1024;
// After a FATAL message, how long a client that does not read may keep its socket.
const CLOSE_GRACE_MS = 2_000;

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
  readonly #turn: EngineTurn;
  readonly #gate: StatementGate;

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
  readonly #statements: ClientStatements;
  #startupTimer: NodeJS.Timeout | null = null;

  constructor(socket: Socket, ctx: ConnectionContext) {
    this.#socket = socket;
    this.#ctx = ctx;
    this.id = ctx.id;
    this.remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.#prefix = statementPrefix(ctx.id);
    this.#reader = new FrameReader(ctx.maxMessageBytes);
    this.#statements = new ClientStatements(this.#prefix, ctx.statementsEpoch);
    this.#turn = new EngineTurn(
      {
        backend: ctx.backend,
        statements: this.#statements,
        transactionMaxMs: ctx.transactionMaxMs,
        transactionTimeoutMs: ctx.transactionTimeoutMs,
        log: (level, msg, fields) => this.#log(level, msg, fields),
        closing: () => this.#phase === 'closing',
        // A running cycle is activity: the idle clock starts again when it ends.
        busy: () => this.#pumping,
        onTimeout: (reason, notice) => this.terminate(reason, notice),
      },
      (run) => new ClientSession(ctx.mode, ctx.baseline, run, ctx.onDataWritten),
    );
    this.#gate = new StatementGate(this.#prefix, ctx.mode, this.#statements, this.#turn);
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
    return this.#turn.status !== 'I';
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
    this.#turn.clearIdle();
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
    this.#turn.touchIdle();
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
        if (!this.#turn.held && this.#socket.writableNeedDrain) await this.#drained();
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
        const gated = this.#gate.extended(frame);
        if ('refused' in gated) {
          this.#pendingError = gated.refused;
          this.#skipping = true;
          return;
        }
        this.#buffer(gated.forward);
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
      case Tag.Query:
      case Tag.FunctionCall: {
        const gated = frame.tag === Tag.Query ? this.#gate.query(frame) : this.#gate.functionCall(frame);
        if ('refused' in gated) {
          // Stand-in for the refused message, so the reply still ends with a real ReadyForQuery.
          this.#pendingError = gated.refused;
          this.#buffer(syncMessage());
        } else {
          this.#buffer(gated.forward);
        }
        await this.#execute(true);
        return;
      }
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

  #buffer(raw: Buffer): void {
    this.#cycle.push(raw);
    this.#cycleBytes += raw.length;
  }

  // ---- running cycles -----------------------------------------------------------------------

  /** Runs the buffered messages; `final` when they end with Sync or a simple Query/FunctionCall. */
  async #execute(final: boolean): Promise<void> {
    this.#turn.clearIdle();
    const input = this.#cycle.length === 1 ? (this.#cycle[0] ?? Buffer.alloc(0)) : Buffer.concat(this.#cycle);
    this.#cycle = [];
    this.#cycleBytes = 0;
    if (!this.#turn.needsEngine(input, final)) {
      // Nothing to run, or a Sync while this client holds nothing: answer without the engine.
      const out: Buffer[] = [];
      if (this.#pendingError) out.push(this.#pendingError);
      if (final) out.push(readyForQuery(this.#turn.status));
      this.#pendingError = null;
      this.#write(Buffer.concat(out));
      this.#turn.armIdle();
      return;
    }
    const ran = await this.#turn.run(input, final);
    if (ran === null) return; // ended while waiting: #finish cleans up with the lock now held
    let output = ran.output;
    if (this.#pendingError) {
      // After an earlier error in the cycle Postgres would have skipped the refused statement.
      if (!ran.sawError) output = insertBeforeReadyForQuery(output, this.#pendingError, final);
      this.#pendingError = null;
    }
    this.#write(output);
    if (await this.#turn.endIfIdle()) this.#turn.armIdle();
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
    this.#turn.clearIdle();
    try {
      await this.#turn.cleanUp();
    } catch (error) {
      this.#log('error', 'could not clean up the shared session after a wire client', {
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.#sessionCleaned.resolve();
    }
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
