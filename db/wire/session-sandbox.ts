// A wire client's view of the one shared session, switched in and out like a context (issue #14).
//
// The rule: while a client holds the engine lock the session carries the client's settings (and,
// in read-only mode, default_transaction_read_only = on, so every transaction it starts is READ
// ONLY); before the lock goes back to the app, the session is put back exactly as the app had it —
// settings, role and authorization, and the app's LISTENs (an UNLISTEN * or DISCARD ALL of a
// client's would otherwise silence pg-boss for good). What the client SET is kept for it and put
// back at its next turn, so `SET search_path` or a driver's `SET extra_float_digits` behave as on a
// server of its own.
//
// Cost: two short statements per turn (apply, restore); a turn that may have changed the session
// (SET, set_config, RESET, DISCARD, UNLISTEN, DO — ./sql-policy.ts says which) also reads the
// session's settings and LISTENs afterwards, and its LISTENs before. Read-write mode reads them
// after every turn, since any function it creates could change them.
import { randomBytes } from 'node:crypto';
import { dataRows } from '../protocol/messages.ts';
import { PORT_SETTINGS, type PortMode } from './sql-policy.ts';

/** Setting name → value, as pg_settings shows it. */
export type SettingsSnapshot = ReadonlyMap<string, string>;

/** The session as the app has it, read when the port starts. */
export interface SessionBaseline {
  readonly settings: SettingsSnapshot;
  readonly currentUser: string;
  readonly sessionUser: string;
}

/** Runs parameter-less SQL on the session (the caller holds the engine lock); returns raw output. */
export type RunSql = (what: string, sql: string) => Promise<Uint8Array>;

const SESSION_STATE_SQL = `SELECT 's', name, setting FROM pg_catalog.pg_settings
  WHERE context IN ('user', 'superuser')
    AND name NOT IN ('transaction_isolation', 'transaction_read_only', 'transaction_deferrable')
  UNION ALL SELECT 'u', current_user::text, session_user::text
  UNION ALL SELECT 'l', c, NULL FROM pg_catalog.pg_listening_channels() c`;

const LISTENING_SQL = `SELECT c FROM pg_catalog.pg_listening_channels() c`;
/**
 * The next transaction id the engine will hand out. It advances exactly when a transaction writes
 * (read-only ones get no id), and nothing but the client runs during its turn: a different value
 * at the turn's end means the client wrote (or began to write and rolled back).
 */
const NEXT_XID_SQL = `SELECT pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text`;

interface SessionState {
  settings: Map<string, string>;
  currentUser: string;
  sessionUser: string;
  channels: string[];
}

function parseState(output: Uint8Array): SessionState {
  const state: SessionState = { settings: new Map(), currentUser: '', sessionUser: '', channels: [] };
  for (const [kind, a, b] of dataRows(output)) {
    if (kind === 's' && a != null && b != null) state.settings.set(a, b);
    else if (kind === 'u') {
      state.currentUser = a ?? '';
      state.sessionUser = b ?? '';
    } else if (kind === 'l' && a != null) state.channels.push(a);
  }
  return state;
}

// Dollar quoting with a random tag: the literal means the same whatever the session's string settings.
function literal(value: string): string {
  let tag: string;
  do tag = `$w${randomBytes(6).toString('hex')}$`;
  while (value.includes(tag));
  return `${tag}${value}${tag}`;
}

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const setConfig = (name: string, value: string): string =>
  `SELECT pg_catalog.set_config(${literal(name)}, ${literal(value)}, false)`;

export class ClientSession {
  readonly #mode: PortMode;
  readonly #baseline: SessionBaseline;
  readonly #run: RunSql;
  /** The client's own settings: those that differ from the baseline, applied at each of its turns. */
  readonly #settings = new Map<string, string>();
  /** The app's LISTEN channels, read at the start of a turn that may drop them. */
  #appChannels: string[] | null = null;
  /** The settings `enter` put on the session this turn: what `leave` must take off again. */
  #applied: string[] = [];
  /** Read-write mode: the next transaction id when this turn began (NEXT_XID_SQL). */
  #nextXidAtEnter: string | null = null;
  readonly #onDataWritten: () => void;

  /** `onDataWritten`: called after a read-write turn in which the client wrote. */
  constructor(mode: PortMode, baseline: SessionBaseline, run: RunSql, onDataWritten: () => void = () => {}) {
    this.#mode = mode;
    this.#baseline = baseline;
    this.#run = run;
    this.#onDataWritten = onDataWritten;
  }

  /** The settings this client has changed, as it would see them (for tests and logs). */
  get settings(): ReadonlyMap<string, string> {
    return this.#settings;
  }

  /**
   * Right after the client takes the engine (from the app, outside any transaction): the client's
   * settings on, and read-only mode's READ ONLY default; `mayDropListens` reads the app's LISTENs
   * first, so that `leave` can restore them.
   */
  async enter(mayDropListens: boolean): Promise<void> {
    if (this.#mode === 'read-write') this.#nextXidAtEnter = await this.#nextXid();
    if (mayDropListens || this.#mode === 'read-write') await this.readAppListens();
    this.#applied = [...this.#settings.keys()];
    const statements = [...this.#settings].map(([name, value]) => setConfig(name, value));
    if (this.#mode === 'read-only') statements.push(`SET default_transaction_read_only = on`);
    if (statements.length > 0) await this.#run('apply the client settings', statements.join(';\n'));
  }

  /**
   * Read-write mode: announces the client's writes since the last look (`onDataWritten`). Called
   * after every cycle that leaves the client outside any transaction, before the client hears of
   * its commit: readers that cache answers (the API) must not serve what the write changed once the
   * writer could know it committed.
   */
  async announceWrites(): Promise<void> {
    if (this.#nextXidAtEnter === null) return;
    const nextXid = await this.#nextXid();
    if (nextXid === this.#nextXidAtEnter) return;
    this.#nextXidAtEnter = nextXid;
    this.#onDataWritten();
  }

  async #nextXid(): Promise<string> {
    return dataRows(await this.#run('read the next transaction id', NEXT_XID_SQL))[0]?.[0] ?? '';
  }

  /**
   * Reads the app's LISTEN channels, once a turn, before the first statement that may drop them
   * (a later statement of a turn that began without one, inside the client's transaction).
   */
  async readAppListens(): Promise<void> {
    if (this.#appChannels !== null) return;
    this.#appChannels = dataRows(await this.#run('read the app LISTENs', LISTENING_SQL)).map(
      ([channel]) => channel ?? '',
    );
  }

  /**
   * Right before the engine goes back to the app (the client is outside any transaction). After a
   * turn that `touched` the session, reads what changed: keeps the client's settings for its next
   * turn (none after RESET ALL / DISCARD ALL: `resetSettings`), and puts back every setting, the
   * role, the authorization and the LISTENs the app had.
   */
  async leave(touched: boolean, resetSettings: boolean): Promise<void> {
    // The turn's last cycle left the client outside any transaction and announced its writes
    // (announceWrites, engine-turn.ts): nothing to compare again here.
    this.#nextXidAtEnter = null;
    if (!touched && this.#mode === 'read-only') {
      // Only what `enter` set can differ: restore exactly that.
      const restore = [...this.#applied, 'default_transaction_read_only'].map((name) =>
        setConfig(name, this.#baseline.settings.get(name) ?? 'off'),
      );
      this.#applied = [];
      await this.#run('restore the app settings', restore.join(';\n'));
      return;
    }
    this.#applied = [];
    const state = parseState(await this.#run('read the session state', SESSION_STATE_SQL));
    this.#settings.clear();
    if (!resetSettings) {
      for (const [name, value] of state.settings) {
        if (PORT_SETTINGS.has(name) || this.#baseline.settings.get(name) === value) continue;
        if (!this.#baseline.settings.has(name)) continue;
        this.#settings.set(name, value);
      }
    }
    const restore: string[] = [];
    if (state.sessionUser !== this.#baseline.sessionUser) restore.push('SET SESSION AUTHORIZATION DEFAULT');
    if (state.currentUser !== this.#baseline.currentUser || restore.length > 0) restore.push('RESET ROLE');
    for (const [name, value] of this.#baseline.settings) {
      if (state.settings.get(name) !== value) restore.push(setConfig(name, value));
    }
    for (const channel of this.#appChannels ?? []) {
      if (!state.channels.includes(channel)) restore.push(`LISTEN ${quoteIdent(channel)}`);
    }
    for (const channel of state.channels) {
      if (this.#appChannels && !this.#appChannels.includes(channel))
        restore.push(`UNLISTEN ${quoteIdent(channel)}`);
    }
    this.#appChannels = null;
    // One statement per message: one that fails (a dropped role, say) must not skip the rest.
    for (const statement of restore) await this.#run('restore the app session', statement);
  }
}

/** Reads the baseline: the session as the app has it when the port starts. */
export async function readBaseline(run: RunSql): Promise<SessionBaseline> {
  const state = parseState(await run('read the session baseline', SESSION_STATE_SQL));
  if (state.settings.size === 0) throw new Error('wire port: could not read the session settings baseline');
  return { settings: state.settings, currentUser: state.currentUser, sessionUser: state.sessionUser };
}
