// The startup phase of one wire client: SSL/GSS negotiation ('N'), cancel requests, the protocol
// version, and the reply that makes the client ready — or a FATAL "too many clients" when the
// port is full (53300, Postgres' own words, after the startup packet as a server sends it).
import { Buffer } from 'node:buffer';
import { randomInt } from 'node:crypto';
import {
  CANCEL_REQUEST_CODE,
  GSSENC_REQUEST_CODE,
  ProtocolError,
  SSL_REQUEST_CODE,
  authenticationOk,
  backendKeyData,
  errorResponse,
  negotiateProtocolVersion,
  parameterStatus,
  parseStartupMessage,
  readyForQuery,
  type Frame,
} from '../protocol/messages.ts';

export type StartupOutcome =
  /** SSLRequest or GSSENCRequest: answer 'N' and wait for the real startup packet. */
  | { kind: 'negotiate'; reply: Buffer }
  /** CancelRequest for (processId, secretKey); the connection that carried it then closes. */
  | { kind: 'cancel'; processId: number; secretKey: number }
  /** The port is full: send `reply` (FATAL 53300) and close. */
  | { kind: 'refused'; reply: Buffer }
  | { kind: 'ready'; reply: Buffer; client: Record<string, string>; secretKey: number };

export interface StartupContext {
  readonly processId: number;
  /** ParameterStatus values announced to every client (application_name is added per client). */
  readonly serverParameters: ReadonlyMap<string, string>;
  /** Whether one more client fits under the port's limit. */
  readonly admit: () => boolean;
  readonly maxClients: number;
}

export function answerStartup(frame: Frame, ctx: StartupContext): StartupOutcome {
  const code = frame.body.readInt32BE(0);
  if (code === SSL_REQUEST_CODE || code === GSSENC_REQUEST_CODE) {
    return { kind: 'negotiate', reply: Buffer.from('N', 'latin1') };
  }
  if (code === CANCEL_REQUEST_CODE) {
    if (frame.body.length !== 12) throw new ProtocolError('invalid cancel request length');
    return { kind: 'cancel', processId: frame.body.readInt32BE(4), secretKey: frame.body.readInt32BE(8) };
  }
  const major = code >>> 16;
  const minor = code & 0xffff;
  if (major !== 3) {
    throw new ProtocolError(`unsupported frontend protocol ${major}.${minor}: server supports 3.0`, '0A000');
  }
  const { parameters } = parseStartupMessage(frame.body);
  if (!ctx.admit()) {
    return {
      kind: 'refused',
      reply: errorResponse({
        severity: 'FATAL',
        code: '53300',
        message: 'sorry, too many clients already',
        detail: `The embedded port serves at most ${ctx.maxClients} clients at once (DB_PORT_MAX_CLIENTS).`,
      }),
    };
  }
  const client = {
    user: parameters.get('user') ?? '',
    database: parameters.get('database') ?? '',
    application: parameters.get('application_name') ?? '',
  };
  const out: Buffer[] = [];
  const unrecognised = [...parameters.keys()].filter((key) => key.startsWith('_pq_.'));
  if (minor > 0 || unrecognised.length > 0) out.push(negotiateProtocolVersion(0, unrecognised));
  // Any user and database name is accepted and none is applied: there is one database and one
  // session, reachable only from 127.0.0.1.
  out.push(authenticationOk());
  for (const [name, value] of ctx.serverParameters) out.push(parameterStatus(name, value));
  out.push(parameterStatus('application_name', parameters.get('application_name') ?? ''));
  const secretKey = randomInt(2 ** 31);
  out.push(backendKeyData(ctx.processId, secretKey));
  out.push(readyForQuery('I'));
  return { kind: 'ready', reply: Buffer.concat(out), client, secretKey };
}
