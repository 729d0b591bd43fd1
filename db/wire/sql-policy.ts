// What a wire client may run on the embedded engine's one shared session, decided on Postgres' own
// parse tree (libpg-query: the real Postgres 17 parser, compiled to WebAssembly), never on a text
// scan that a `\r`, a nested comment, an E'' string or a dollar quote could fool (issue #14).
//
// Two modes (DB_PORT_MODE):
//  - read-only (default): queries, EXPLAIN, SHOW, SET, transactions, cursors. Every client
//    transaction also runs READ ONLY (./session-sandbox.ts), so a function that writes fails too.
//  - read-write (maintenance): everything but what breaks the app or the engine (below).
// In both modes the port refuses what no reset can undo or what would abort the engine: COPY FROM
// STDIN (this build aborts its WebAssembly instance on it), server-side files, the session's role
// and authorization, session_replication_role (it turns off the aggregates' invalidation triggers),
// standard_conforming_strings off (it would make the engine read a statement differently from this
// parser), LISTEN (notifications go to the app), temporary objects and WITH HOLD cursors (they
// would live on in the app's session), SQL-level PREPARE/EXECUTE (names shared by every client),
// LOAD and persistent configuration (ALTER SYSTEM, ALTER DATABASE/ROLE … SET).
// Settings a client may change (SET, set_config) are its own: ./session-sandbox.ts puts the app's
// back before the app runs again, and the client's back before its next statement.
import {
  asksReadWrite,
  isTemporary,
  libpgQuery,
  settingOff,
  stringConstant,
  text,
  walk,
  type Node,
} from './parse-tree.ts';
import type { PortMode } from './defaults.ts';

export type { PortMode };
export { loadSqlParser } from './parse-tree.ts';

export interface Refusal {
  /** SQLSTATE. */
  code: string;
  message: string;
  hint?: string;
  /** 1-based character position in the statement text, as Postgres reports it. */
  position?: number;
}

export interface Verdict {
  refusal: Refusal | null;
  /** The statements may change session state (settings, role, LISTENs): re-read it after them. */
  touchesSession: boolean;
  /** RESET ALL or DISCARD ALL: the client's settings go back to the port's defaults. */
  resetsClientSettings: boolean;
  /**
   * DISCARD ALL or DEALLOCATE ALL: on the shared session they drop every client's prepared
   * statements, which the port then prepares again for the others (./connection.ts).
   */
  dropsPreparedStatements: boolean;
  /** `DEALLOCATE [PREPARE] name`, sent alone: the name to rewrite to the client's own (namespaced). */
  deallocate: { name: string; location: number } | null;
  /** Number of statements (0 for an empty query). */
  statements: number;
}

// Settings no client may change on the shared session, in any mode.
const LOCKED_SETTINGS = new Set(['role', 'session_authorization', 'session_replication_role']);
// …and in read-only mode, the ones that would let a transaction write.
const READ_ONLY_SETTINGS = new Set(['default_transaction_read_only', 'transaction_read_only']);
/** Settings that belong to the port, never to a client (./session-sandbox.ts keeps none of them). */
export const PORT_SETTINGS: ReadonlySet<string> = new Set([
  ...LOCKED_SETTINGS,
  ...READ_ONLY_SETTINGS,
  'standard_conforming_strings',
]);
// Functions that reach outside the database (files, other backends, the configuration).
const DENIED_FUNCTIONS = new Set([
  'lo_export',
  'lo_import',
  'pg_terminate_backend',
  'pg_cancel_backend',
  'pg_reload_conf',
  'pg_promote',
  'pg_rotate_logfile',
]);
// The body of asyncpg's reset-on-release DO block (asyncpg/connection.py), whitespace collapsed:
// the one DO block read-only mode lets through. Its UNLISTEN * is undone by the session sandbox.
const ASYNCPG_RESET_DO =
  'BEGIN PERFORM * FROM pg_listening_channels() LIMIT 1; IF FOUND THEN UNLISTEN *; END IF; END;';

// Statement kinds read-only mode allows (each may still be refused by the rules they share with
// read-write mode, and its transaction is READ ONLY).
const READ_ONLY_KINDS = new Set([
  'SelectStmt',
  'ExplainStmt',
  'VariableShowStmt',
  'VariableSetStmt',
  'TransactionStmt',
  'DeclareCursorStmt',
  'FetchStmt',
  'ClosePortalStmt',
  'DiscardStmt',
  'UnlistenStmt',
  'DeallocateStmt',
  'CopyStmt',
  'DoStmt',
]);

const CURSOR_OPT_HOLD = 0x0020;

class Refused extends Error {
  readonly refusal: Refusal;
  constructor(refusal: Refusal) {
    super(refusal.message);
    this.refusal = refusal;
  }
}

function refuse(code: string, message: string, hint?: string): never {
  throw new Refused(hint === undefined ? { code, message } : { code, message, hint });
}

const SHARED_SESSION_HINT =
  'The embedded port shares one database session with the running app; see db/wire/README.md.';
const READ_ONLY_HINT =
  'The embedded port is read-only by default. For maintenance, start the app with DB_PORT_MODE=read-write, or stop it and open the data directory directly.';

function judgeSetting(name: string, set: Node, mode: PortMode): void {
  const kind = set.kind as string;
  if (LOCKED_SETTINGS.has(name)) {
    refuse('42501', `${name} cannot be changed through the embedded port`, SHARED_SESSION_HINT);
  }
  if (name === 'standard_conforming_strings' && kind === 'VAR_SET_VALUE' && settingOff(set.args)) {
    refuse(
      '0A000',
      'standard_conforming_strings must stay on through the embedded port',
      "The port reads statements with standard_conforming_strings on; use E'…' strings for backslash escapes.",
    );
  }
  if (mode === 'read-only') {
    if (READ_ONLY_SETTINGS.has(name) && (kind !== 'VAR_SET_VALUE' || settingOff(set.args))) {
      refuse('25006', `cannot turn ${name} off: the embedded port is read-only`, READ_ONLY_HINT);
    }
    if ((name === 'TRANSACTION' || name === 'SESSION CHARACTERISTICS') && asksReadWrite(set.args)) {
      refuse(
        '25006',
        'cannot start a read-write transaction: the embedded port is read-only',
        READ_ONLY_HINT,
      );
    }
  }
}

function judgeFunctionCall(call: Node, mode: PortMode, verdict: Verdict): void {
  const names = (call.funcname as { String?: { sval?: string } }[] | undefined) ?? [];
  const name = names.at(-1)?.String?.sval?.toLowerCase() ?? '';
  if (DENIED_FUNCTIONS.has(name)) {
    refuse('42501', `${name}() is not allowed through the embedded port`, SHARED_SESSION_HINT);
  }
  if (name !== 'set_config') return;
  verdict.touchesSession = true;
  const setting = stringConstant((call.args as unknown[] | undefined)?.[0])?.toLowerCase();
  if (setting === undefined) {
    refuse(
      '42501',
      'set_config() needs a literal setting name through the embedded port',
      SHARED_SESSION_HINT,
    );
  }
  const value = stringConstant((call.args as unknown[] | undefined)?.[1]);
  judgeSetting(
    setting,
    {
      kind: 'VAR_SET_VALUE',
      args: value === undefined ? [] : [{ A_Const: { sval: { sval: value } } }],
    },
    mode,
  );
}

function judgeStatement(type: string, node: Node, mode: PortMode, verdict: Verdict, alone: boolean): void {
  if (mode === 'read-only' && !READ_ONLY_KINDS.has(type)) {
    refuse(
      '25006',
      `cannot execute ${type.replace(/Stmt$/, '')} in a read-only session: the embedded port is read-only`,
      READ_ONLY_HINT,
    );
  }
  switch (type) {
    case 'CopyStmt':
      if (node.is_program || node.filename !== undefined) {
        refuse(
          '42501',
          'COPY to or from a server-side file or program is not allowed through the embedded port',
          "Use COPY … TO STDOUT (psql's \\copy … to) instead.",
        );
      }
      if (node.is_from) {
        refuse(
          '0A000',
          'COPY FROM STDIN is not supported by the embedded database port',
          'Use INSERT statements, or COPY FROM STDIN against the server-mode database.',
        );
      }
      break;
    case 'VariableSetStmt':
      if (node.kind === 'VAR_RESET_ALL') {
        verdict.resetsClientSettings = true;
      } else {
        judgeSetting(text(node.name), node, mode);
      }
      if (!node.is_local) verdict.touchesSession = true;
      break;
    case 'TransactionStmt':
      if (node.kind === 'TRANS_STMT_PREPARE') {
        refuse('0A000', 'PREPARE TRANSACTION is not supported by the embedded port', SHARED_SESSION_HINT);
      }
      if (mode === 'read-only' && asksReadWrite(node.options)) {
        refuse(
          '25006',
          'cannot start a read-write transaction: the embedded port is read-only',
          READ_ONLY_HINT,
        );
      }
      break;
    case 'DiscardStmt':
      verdict.touchesSession = true;
      if (node.target === 'DISCARD_ALL') {
        verdict.resetsClientSettings = true;
        verdict.dropsPreparedStatements = true;
      }
      break;
    case 'UnlistenStmt':
      verdict.touchesSession = true;
      break;
    case 'ListenStmt':
      refuse(
        '0A000',
        'LISTEN is not supported by the embedded port: notifications are delivered to the app, not to port clients',
        SHARED_SESSION_HINT,
      );
      break;
    case 'DoStmt': {
      verdict.touchesSession = true;
      if (mode === 'read-only') {
        const body = (node.args as { DefElem?: { defname?: string; arg?: { String?: { sval?: string } } } }[])
          ?.find((arg) => arg.DefElem?.defname === 'as')
          ?.DefElem?.arg?.String?.sval?.replace(/\s+/g, ' ')
          .trim();
        if (body !== ASYNCPG_RESET_DO) {
          refuse(
            '25006',
            'cannot execute DO in a read-only session: the embedded port is read-only',
            READ_ONLY_HINT,
          );
        }
      }
      break;
    }
    case 'DeclareCursorStmt':
      if (((node.options as number | undefined) ?? 0) & CURSOR_OPT_HOLD) {
        refuse(
          '0A000',
          'cursors WITH HOLD are not supported by the embedded port: they would outlive your transaction in the shared session',
          SHARED_SESSION_HINT,
        );
      }
      break;
    case 'PrepareStmt':
    case 'ExecuteStmt':
      refuse(
        '0A000',
        'SQL-level PREPARE and EXECUTE are not supported by the embedded port (their names are shared by every client)',
        "Use your driver's prepared statements (the extended protocol): those are kept apart per client.",
      );
      break;
    case 'DeallocateStmt':
      if (node.isall) {
        verdict.dropsPreparedStatements = true;
        break;
      }
      if (!alone || typeof node.location !== 'number' || node.location < 0) {
        refuse(
          '0A000',
          'DEALLOCATE name must be sent on its own through the embedded port',
          SHARED_SESSION_HINT,
        );
      }
      verdict.deallocate = { name: text(node.name), location: node.location };
      break;
    case 'LoadStmt':
    case 'AlterSystemStmt':
    case 'AlterDatabaseSetStmt':
    case 'AlterRoleSetStmt':
      refuse(
        '42501',
        `${type.replace(/Stmt$/, '')} is not allowed through the embedded port: it would change the app's own configuration`,
        'Stop the app to change its engine configuration.',
      );
      break;
    case 'CreateStmt':
    case 'CreateSeqStmt':
      if (isTemporary(node.relation ?? node.sequence)) refuseTemporary();
      break;
    case 'SelectStmt':
      if (isTemporary((node.intoClause as Node | undefined)?.rel)) refuseTemporary();
      break;
    case 'ViewStmt':
      if (isTemporary(node.view)) refuseTemporary();
      break;
    case 'CreateTableAsStmt':
      if (isTemporary((node.into as Node | undefined)?.rel)) refuseTemporary();
      break;
  }
}

function refuseTemporary(): never {
  refuse(
    '0A000',
    "temporary objects are not supported by the embedded port: they would live on in the app's session",
    'Create an ordinary table (read-write mode) or use a CTE.',
  );
}

/** Judges one Query string or one Parse message's text against `mode`. */
export function judgeSql(sql: string, mode: PortMode): Verdict {
  const verdict: Verdict = {
    refusal: null,
    touchesSession: false,
    resetsClientSettings: false,
    dropsPreparedStatements: false,
    deallocate: null,
    statements: 0,
  };
  let stmts: { stmt: Node; stmt_location?: number }[];
  try {
    stmts = libpgQuery.parseSync(sql).stmts ?? [];
  } catch (error) {
    if (/cannot be empty/i.test((error as Error).message)) return verdict;
    const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
    // A statement the parser cannot read never reaches the engine: Postgres' own error, from here.
    verdict.refusal = {
      code: '42601',
      message: details?.message ?? (error as Error).message,
      ...(details?.cursorPosition !== undefined
        ? { position: details.cursorPosition + 1 } // libpg-query counts characters from 0
        : {}),
    };
    return verdict;
  }
  verdict.statements = stmts.length;
  try {
    for (const { stmt } of stmts) {
      const [type, node] = Object.entries(stmt)[0] as [string, Node];
      judgeStatement(type, node, mode, verdict, stmts.length === 1);
      // Nested statements (EXPLAIN's, COPY's query, a CTE's DML, a cursor's query), and calls.
      walk(node, (nestedType, nested) => {
        if (nestedType === 'FuncCall') judgeFunctionCall(nested, mode, verdict);
        else if (nestedType.endsWith('Stmt')) judgeStatement(nestedType, nested, mode, verdict, false);
      });
      if (type === 'SelectStmt' && node.intoClause !== undefined && mode === 'read-only') {
        refuse(
          '25006',
          'cannot execute SELECT INTO in a read-only session: the embedded port is read-only',
          READ_ONLY_HINT,
        );
      }
    }
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    verdict.refusal = error.refusal;
  }
  return verdict;
}
