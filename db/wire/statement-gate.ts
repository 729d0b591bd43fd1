// What the port does with a client's message before the engine sees it: judges its SQL on
// Postgres' own parse tree (./sql-policy.ts), puts its prepared-statement names in this client's
// namespace (./statement-names.ts), turns a DEALLOCATE into one of this client's own statements,
// and notes what the statement may do to the shared session for the end of the turn.
import type { Buffer } from 'node:buffer';
import {
  ProtocolError,
  Tag,
  errorResponse,
  queryMessage,
  readCString,
  type Frame,
} from '../protocol/messages.ts';
import type { ClientStatements } from './client-statements.ts';
import type { EngineTurn } from './engine-turn.ts';
import { judgeSql, type PortMode, type Refusal } from './sql-policy.ts';
import { namespaceMessage, replaceParseText } from './statement-names.ts';

/** Forward these bytes to the engine, or answer with this error instead. */
export type GateOutcome = { forward: Buffer } | { refused: Buffer };

const refusalMessage = (refusal: Refusal): Buffer => errorResponse({ severity: 'ERROR', ...refusal });

export class StatementGate {
  readonly #prefix: Buffer;
  readonly #mode: PortMode;
  readonly #statements: ClientStatements;
  readonly #turn: EngineTurn;

  constructor(prefix: Buffer, mode: PortMode, statements: ClientStatements, turn: EngineTurn) {
    this.#prefix = prefix;
    this.#mode = mode;
    this.#statements = statements;
    this.#turn = turn;
  }

  /** Parse, Bind, Describe, Execute or Close of the extended protocol. */
  extended(frame: Frame): GateOutcome {
    let message = namespaceMessage(frame, this.#prefix);
    if (message.sql !== null) {
      const verdict = judgeSql(message.sql, this.#mode);
      if (verdict.refusal) return { refused: refusalMessage(verdict.refusal) };
      if (verdict.deallocate) {
        const sql = this.#statements.ownDeallocate(message.sql, verdict.deallocate);
        message = { ...message, raw: replaceParseText(message.raw, sql), sql };
      }
      this.#statements.parsed(message.opened, message.raw, verdict);
    }
    if (frame.tag === Tag.Bind) {
      // What a prepared statement does to the session happens when it runs, not when parsed.
      const effects = this.#statements.effectsOfBind(frame);
      if (effects) this.#turn.note(effects);
    }
    if (message.closed) this.#statements.closed(message.closed);
    return { forward: message.raw };
  }

  /** A simple Query. */
  query(frame: Frame): GateOutcome {
    const sql = readCString(frame.body, 0);
    if (sql.next !== frame.body.length) throw new ProtocolError('invalid Query message');
    const text = sql.bytes.toString('utf8');
    const verdict = judgeSql(text, this.#mode);
    if (verdict.refusal) return { refused: refusalMessage(verdict.refusal) };
    this.#turn.note(verdict);
    if (verdict.deallocate) {
      return { forward: queryMessage(this.#statements.ownDeallocate(text, verdict.deallocate)) };
    }
    return { forward: frame.raw };
  }

  /** A fastpath FunctionCall: no SQL to judge, so refused when read-only and assumed to touch the session. */
  functionCall(frame: Frame): GateOutcome {
    if (this.#mode === 'read-only') {
      return {
        refused: refusalMessage({
          code: '25006',
          message: 'the fastpath function call interface is not available: the embedded port is read-only',
        }),
      };
    }
    this.#turn.noteUnknown();
    return { forward: frame.raw };
  }
}
