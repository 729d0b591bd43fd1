// Wire clients share the app's backend session, so a client's SETs must not outlive it. RESET ALL
// is NOT usable here: this PGlite build boots with command-line defaults (search_path=pg_catalog,
// client_min_messages=debug3) that the engine overrides with session SETs when it opens, so RESET
// ALL would leave the app unable to see its own tables. Instead the port snapshots the settable
// settings when it starts and, after a client leaves, sets back exactly those that differ.
import { randomBytes } from 'node:crypto';
import { dataRows } from './protocol.ts';

export type SettingsSnapshot = ReadonlyMap<string, string>;

// transaction_* mirror the current transaction and cannot be set outside one.
export const SETTINGS_SNAPSHOT_SQL = `SELECT name, setting FROM pg_catalog.pg_settings
  WHERE context IN ('user', 'superuser')
    AND name NOT IN ('transaction_isolation', 'transaction_read_only', 'transaction_deferrable')`;

export function parseSettingsSnapshot(output: Uint8Array): SettingsSnapshot {
  const settings = new Map<string, string>();
  for (const [name, setting] of dataRows(output)) {
    if (name != null && setting != null) settings.set(name, setting);
  }
  return settings;
}

/**
 * One statement per setting that changed since `baseline`, each restoring the baseline value.
 * Separate statements, so one that fails (e.g. a role that was dropped) does not skip the rest.
 */
export function restoreStatements(baseline: SettingsSnapshot, current: SettingsSnapshot): string[] {
  const statements: string[] = [];
  for (const [name, value] of baseline) {
    if (current.get(name) === value) continue;
    statements.push(`SELECT pg_catalog.set_config(${literal(name)}, ${literal(value)}, false)`);
  }
  return statements;
}

// Dollar quoting with a random tag, so the literal means the same thing whatever the client left
// standard_conforming_strings at.
function literal(value: string): string {
  let tag: string;
  do tag = `$w${randomBytes(6).toString('hex')}$`;
  while (value.includes(tag));
  return `${tag}${value}${tag}`;
}
