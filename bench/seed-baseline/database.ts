// A fresh database per run on a Postgres server: dropped (with its sessions) and created again,
// then given its schema. Database names cannot be bound parameters in DROP/CREATE DATABASE, so the
// name is checked against a strict identifier pattern before it is quoted into the statement.
import pg from 'pg';
import { openServer, type ServerDatabase } from '../../db/engine/server.ts';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The URL of database `name` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Opens a pool on a database (db/engine/server.ts: the product's pg wrapper). */
export const openSeedDatabase = (url: string, max = 4): Promise<ServerDatabase> =>
  openServer({ connectionString: url, max, applicationName: 'seed-baseline' });
