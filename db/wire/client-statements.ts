// One wire client's prepared statements on the shared session: their namespaced names and Parse
// messages (to close them when the client leaves, and to prepare them again when another client's
// DISCARD ALL / DEALLOCATE ALL dropped every statement of the session), and what each does to the
// session when it runs — which counts at its Bind, maybe many times and in later turns, not when it
// is parsed.
import { Buffer } from 'node:buffer';
import { readCString, type Frame } from '../protocol/messages.ts';
import type { Verdict } from './sql-policy.ts';

/** What running a statement does to the shared session (from its Verdict). */
export type Effects = Pick<Verdict, 'touchesSession' | 'resetsClientSettings' | 'dropsPreparedStatements'>;

export class ClientStatements {
  readonly #prefix: Buffer;
  /** Shared by every client of a port: advanced whenever one drops every statement of the session. */
  readonly #sharedEpoch: { value: number };
  /** The epoch this client's statements exist in. */
  #epoch: number;
  readonly #statements = new Map<string, { name: Buffer; parse: Buffer; effects: Effects }>();
  /** What the unnamed statement (the last unnamed Parse) does when it runs. */
  #unnamedEffects: Effects | null = null;
  /** Statements the buffered cycle itself prepares (not to be prepared again before it runs). */
  readonly #cycleOpened = new Set<string>();
  #cycleDrops = false;

  constructor(prefix: Buffer, sharedEpoch: { value: number }) {
    this.#prefix = prefix;
    this.#sharedEpoch = sharedEpoch;
    this.#epoch = sharedEpoch.value;
  }

  get size(): number {
    return this.#statements.size;
  }

  /** A Parse, with its namespaced name (null: the unnamed statement) and its judged effects. */
  parsed(name: Buffer | null, parse: Buffer, effects: Effects): void {
    if (name === null) {
      this.#unnamedEffects = effects;
      return;
    }
    const key = name.toString('latin1');
    this.#statements.set(key, { name, parse, effects });
    this.#cycleOpened.add(key);
  }

  /** A Close of a statement (namespaced name). */
  closed(name: Buffer): void {
    this.#statements.delete(name.toString('latin1'));
  }

  /** What the statement a Bind runs does to the session, if known. */
  effectsOfBind(frame: Frame): Effects | null {
    const portal = readCString(frame.body, 0);
    const statement = readCString(frame.body, portal.next).bytes;
    if (statement.length === 0) return this.#unnamedEffects;
    return this.#statements.get(Buffer.concat([this.#prefix, statement]).toString('latin1'))?.effects ?? null;
  }

  /**
   * A statement of this client's that drops every statement is about to run: its own are gone, in
   * its order (those it prepares later in the cycle stay), and the others' once the cycle has run.
   */
  dropAll(): void {
    this.#statements.clear();
    this.#cycleDrops = true;
  }

  /** After the buffered cycle ran: advance the shared epoch if it dropped every statement. */
  cycleRan(): void {
    this.#cycleOpened.clear();
    if (this.#cycleDrops) {
      this.#cycleDrops = false;
      this.#epoch = ++this.#sharedEpoch.value;
    }
  }

  /**
   * At the start of a turn: the Parse messages to send again if another client dropped this one's
   * statements since its last turn (none otherwise).
   */
  toPrepareAgain(): Buffer[] {
    if (this.#epoch === this.#sharedEpoch.value) return [];
    this.#epoch = this.#sharedEpoch.value;
    return [...this.#statements]
      .filter(([key]) => !this.#cycleOpened.has(key))
      .map(([, statement]) => statement.parse);
  }

  /** `DEALLOCATE name` names this client's statement: the text with the namespaced name. */
  ownDeallocate(sql: string, target: NonNullable<Verdict['deallocate']>): string {
    const name = `${this.#prefix.toString('utf8')}${target.name}`;
    this.#statements.delete(Buffer.from(name, 'utf8').toString('latin1'));
    // The name is the statement's last token: everything from its location on is replaced.
    return `${sql.slice(0, target.location)}"${name.replaceAll('"', '""')}"`;
  }

  /** Every statement's namespaced name (to close them), and forgets them. */
  takeAll(): Buffer[] {
    const names = [...this.#statements.values()].map((statement) => statement.name);
    this.#statements.clear();
    return names;
  }
}
