// Reading Postgres' own parse tree (libpg-query: the Postgres 17 parser compiled to WebAssembly):
// loading the parser, walking a tree, and the few node shapes ./sql-policy.ts asks about.
import { createRequire } from 'node:module';

interface LibpgQuery {
  loadModule(): Promise<void>;
  parseSync(sql: string): { stmts?: { stmt: Node; stmt_location?: number }[] };
}
export type Node = Record<string, unknown>;
export const libpgQuery = createRequire(import.meta.url)('libpg-query') as LibpgQuery;

let loaded: Promise<void> | null = null;
/** Loads the parser's WebAssembly module; await once before `judgeSql`. */
export function loadSqlParser(): Promise<void> {
  loaded ??= libpgQuery.loadModule();
  return loaded;
}

/** A string field of a node, or "" when absent. */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
/** The string value of an A_Const node, if it is one. */
export function stringConstant(node: unknown): string | undefined {
  const value = (node as { A_Const?: { sval?: { sval?: string } } } | undefined)?.A_Const?.sval?.sval;
  return typeof value === 'string' ? value : undefined;
}

/** Whether a DefElem list asks for `transaction_read_only = false` (READ WRITE). */
export function asksReadWrite(options: unknown): boolean {
  if (!Array.isArray(options)) return false;
  return options.some((option: Node) => {
    const def = option.DefElem as { defname?: string; arg?: { A_Const?: { ival?: { ival?: number } } } };
    return def?.defname === 'transaction_read_only' && (def.arg?.A_Const?.ival?.ival ?? 0) === 0;
  });
}

export function isTemporary(relation: unknown): boolean {
  const rel = relation as { relpersistence?: string; schemaname?: string } | undefined;
  return rel?.relpersistence === 't' || rel?.schemaname?.toLowerCase() === 'pg_temp';
}

export function settingOff(args: unknown): boolean {
  if (!Array.isArray(args) || args.length !== 1) return true;
  const value = stringConstant(args[0])?.toLowerCase();
  return !['on', 'true', 'yes', '1'].includes(value ?? '');
}
/** Walks every node below `root`, calling `visit` with each node's type and its fields. */
export function walk(root: unknown, visit: (type: string, node: Node) => void): void {
  if (Array.isArray(root)) {
    for (const item of root) walk(item, visit);
    return;
  }
  if (root === null || typeof root !== 'object') return;
  for (const [key, value] of Object.entries(root as Node)) {
    if (/^[A-Z]/.test(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      visit(key, value as Node);
    }
    walk(value, visit);
  }
}
