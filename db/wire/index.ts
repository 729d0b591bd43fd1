// The embedded database's Postgres port (see README.md in this folder).
export {
  startWireServer,
  type WireLog,
  type WireLogLevel,
  type WireServer,
  type WireServerOptions,
} from './server.ts';
