// Postgres wire-protocol (v3) framing and the handful of messages the port writes itself.
//
// Everything else is passed through to the engine byte for byte, so this module only knows enough
// to cut the frontend stream into messages and to walk what the backend sends back.
import { Buffer } from 'node:buffer';

/** A larger frontend message is a protocol violation here (real Postgres allows 1 GB; psql never needs it). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Postgres' own limit for the untagged startup packet. */
export const MAX_STARTUP_PACKET_BYTES = 10_000;

export const CANCEL_REQUEST_CODE = 80_877_102;
export const SSL_REQUEST_CODE = 80_877_103;
export const GSSENC_REQUEST_CODE = 80_877_104;

/** Frontend message tags, as char codes. */
export const Tag = {
  Bind: 0x42, // B
  Close: 0x43, // C
  Describe: 0x44, // D
  Execute: 0x45, // E
  FunctionCall: 0x46, // F
  Flush: 0x48, // H
  Parse: 0x50, // P
  Query: 0x51, // Q
  Sync: 0x53, // S
  Terminate: 0x58, // X
  CopyDone: 0x63, // c
  CopyData: 0x64, // d
  CopyFail: 0x66, // f
  PasswordMessage: 0x70, // p
} as const;

/** Backend message tags we look at, as char codes. */
export const BackendTag = {
  ErrorResponse: 0x45, // E
  NotificationResponse: 0x41, // A
  ReadyForQuery: 0x5a, // Z
} as const;

export type TransactionStatus = 'I' | 'T' | 'E';

/** Ends the offending client (only) with a FATAL ErrorResponse carrying `code`. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: string;

  constructor(message: string, code = '08P01') {
    super(message);
    this.code = code;
  }
}

export interface Frame {
  /** 0 for the untagged startup-phase packets. */
  readonly tag: number;
  /** The message body, without tag and length. */
  readonly body: Buffer;
  /** The whole message as received (tag, length, body), to forward without re-encoding. */
  readonly raw: Buffer;
}

/**
 * Cuts a byte stream into frontend messages. Chunks are kept as received and only joined once a
 * whole message is present: joining on every chunk would copy a 64 MB message a thousand times.
 */
export class FrameReader {
  #chunks: Buffer[] = [];
  #buffered = 0;
  readonly #maxMessageBytes: number;

  /** `maxMessageBytes`: a longer message is refused as soon as its header arrives, before its body. */
  constructor(maxMessageBytes = MAX_MESSAGE_BYTES) {
    this.#maxMessageBytes = maxMessageBytes;
  }

  get buffered(): number {
    return this.#buffered;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
  }

  /** The next startup-phase packet (Int32 length, then payload), or null if incomplete. */
  nextStartup(): Frame | null {
    if (this.#buffered < 4) return null;
    const length = this.#peek(4).readInt32BE(0);
    if (length < 8 || length > MAX_STARTUP_PACKET_BYTES) {
      throw new ProtocolError(`invalid startup packet length ${length}`);
    }
    if (this.#buffered < length) return null;
    const raw = this.#take(length);
    return { tag: 0, body: raw.subarray(4), raw };
  }

  /** The next tagged message (Byte1 tag, Int32 length, body), or null if incomplete. */
  next(): Frame | null {
    if (this.#buffered < 5) return null;
    const header = this.#peek(5);
    const tag = header[0] ?? 0;
    const length = header.readInt32BE(1);
    if (length < 4) throw new ProtocolError(`invalid message length ${length}`);
    if (length > this.#maxMessageBytes) {
      throw new ProtocolError(
        `message of ${length} bytes exceeds the ${this.#maxMessageBytes}-byte limit of this port`,
      );
    }
    if (this.#buffered < length + 1) return null;
    const raw = this.#take(length + 1);
    return { tag, body: raw.subarray(5), raw };
  }

  #peek(n: number): Buffer {
    const first = this.#chunks[0];
    if (first && first.length >= n) return first;
    // Buffer.concat stops copying at totalLength, so this copies n bytes, not the whole backlog.
    return Buffer.concat(this.#chunks, n);
  }

  #take(n: number): Buffer {
    const first = this.#chunks[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
      this.#buffered -= n;
      return out;
    }
    const parts: Buffer[] = [];
    let need = n;
    while (need > 0) {
      const chunk = this.#chunks.shift();
      if (!chunk) throw new Error('FrameReader: buffered count out of sync');
      if (chunk.length <= need) {
        parts.push(chunk);
        need -= chunk.length;
      } else {
        parts.push(chunk.subarray(0, need));
        this.#chunks.unshift(chunk.subarray(need));
        need = 0;
      }
    }
    this.#buffered -= n;
    return Buffer.concat(parts, n);
  }
}

// ---- reading message bodies -------------------------------------------------------------------

/** Reads a NUL-terminated string at `offset`; returns its bytes and the offset after the NUL. */
export function readCString(body: Buffer, offset: number): { bytes: Buffer; next: number } {
  const end = body.indexOf(0, offset);
  if (end < 0) throw new ProtocolError('unterminated string in message');
  return { bytes: body.subarray(offset, end), next: end + 1 };
}

export interface StartupParameters {
  readonly protocol: number;
  readonly parameters: ReadonlyMap<string, string>;
}

export function parseStartupMessage(body: Buffer): StartupParameters {
  const protocol = body.readInt32BE(0);
  const parameters = new Map<string, string>();
  let offset = 4;
  while (offset < body.length && body[offset] !== 0) {
    const key = readCString(body, offset);
    const value = readCString(body, key.next);
    parameters.set(key.bytes.toString('utf8'), value.bytes.toString('utf8'));
    offset = value.next;
  }
  return { protocol, parameters };
}

// ---- building messages --------------------------------------------------------------------------

function message(tag: string, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length + 5);
  out.write(tag, 0, 'latin1');
  out.writeInt32BE(body.length + 4, 1);
  body.copy(out, 5);
  return out;
}

function cstrings(...values: string[]): Buffer {
  return Buffer.concat(values.map((v) => Buffer.from(`${v}\0`, 'utf8')));
}

function int32s(...values: number[]): Buffer {
  const out = Buffer.allocUnsafe(values.length * 4);
  values.forEach((v, i) => out.writeInt32BE(v, i * 4));
  return out;
}

export const authenticationOk = (): Buffer => message('R', int32s(0));

export const parameterStatus = (name: string, value: string): Buffer => message('S', cstrings(name, value));

export const backendKeyData = (processId: number, secretKey: number): Buffer =>
  message('K', int32s(processId, secretKey));

export const readyForQuery = (status: TransactionStatus): Buffer =>
  message('Z', Buffer.from(status, 'latin1'));

export const negotiateProtocolVersion = (newestMinor: number, unrecognised: readonly string[]): Buffer =>
  message('v', Buffer.concat([int32s(newestMinor, unrecognised.length), cstrings(...unrecognised)]));

export interface ErrorFields {
  severity: 'ERROR' | 'FATAL';
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  /** 1-based character position in the statement text. */
  position?: number;
}

export function errorResponse(fields: ErrorFields): Buffer {
  const parts = [`S${fields.severity}`, `V${fields.severity}`, `C${fields.code}`, `M${fields.message}`];
  if (fields.detail !== undefined) parts.push(`D${fields.detail}`);
  if (fields.hint !== undefined) parts.push(`H${fields.hint}`);
  if (fields.position !== undefined) parts.push(`P${fields.position}`);
  return message('E', Buffer.concat([cstrings(...parts), Buffer.from([0])]));
}

// Frontend messages the port itself sends to the engine (cleanup, missing ReadyForQuery).
export const syncMessage = (): Buffer => message('S', Buffer.alloc(0));
export const queryMessage = (sql: string): Buffer => message('Q', cstrings(sql));
export const closeStatementMessage = (name: Buffer): Buffer =>
  message('C', Buffer.concat([Buffer.from('S', 'latin1'), name, Buffer.from([0])]));

export function encodeFrame(tag: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length + 5);
  out[0] = tag;
  out.writeInt32BE(body.length + 4, 1);
  body.copy(out, 5);
  return out;
}

// ---- walking backend output ---------------------------------------------------------------------

export interface BackendOutput {
  /** The output with NotificationResponse messages removed (the same buffer when there were none). */
  readonly forClient: Buffer;
  /** Status of the last ReadyForQuery, if the output ends with one. */
  readonly finalStatus: TransactionStatus | null;
  readonly sawError: boolean;
  /** First ErrorResponse's message text (for logs). */
  readonly firstError: string | null;
}

/**
 * Walks backend messages (`forClient` may share memory with `output`). Notifications are dropped: on the shared session they belong to the
 * in-process app's LISTENs (PGlite has already dispatched them to the app's handlers by now).
 */
export function scanBackendOutput(output: Uint8Array): BackendOutput {
  const buf = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  let offset = 0;
  let lastTag = -1;
  let lastStatus: TransactionStatus | null = null;
  let sawError = false;
  let firstError: string | null = null;
  let kept: Buffer[] | null = null;
  let keptFrom = 0;
  while (offset + 5 <= buf.length) {
    const tag = buf[offset] ?? 0;
    const length = buf.readInt32BE(offset + 1);
    const end = offset + 1 + length;
    if (length < 4 || end > buf.length) throw new ProtocolError(`malformed backend output at byte ${offset}`);
    if (tag === BackendTag.ReadyForQuery) lastStatus = parseStatus(buf[offset + 5]);
    if (tag === BackendTag.ErrorResponse) {
      sawError = true;
      firstError ??= errorMessageText(buf.subarray(offset + 5, end));
    }
    if (tag === BackendTag.NotificationResponse) {
      kept ??= [];
      if (offset > keptFrom) kept.push(buf.subarray(keptFrom, offset));
      keptFrom = end;
    }
    lastTag = tag;
    offset = end;
  }
  if (offset !== buf.length) throw new ProtocolError('truncated backend output');
  let forClient = buf;
  if (kept) {
    if (keptFrom < buf.length) kept.push(buf.subarray(keptFrom));
    forClient = Buffer.concat(kept);
  }
  return {
    forClient,
    finalStatus: lastTag === BackendTag.ReadyForQuery ? lastStatus : null,
    sawError,
    firstError,
  };
}

function parseStatus(byte: number | undefined): TransactionStatus {
  if (byte === 0x54) return 'T';
  if (byte === 0x45) return 'E';
  if (byte === 0x49) return 'I';
  throw new ProtocolError(`unknown transaction status byte ${String(byte)}`);
}

function errorMessageText(body: Buffer): string {
  let offset = 0;
  let code = '';
  let text = '';
  while (offset < body.length && body[offset] !== 0) {
    const field = body[offset];
    const value = readCString(body, offset + 1);
    if (field === 0x43) code = value.bytes.toString('utf8');
    if (field === 0x4d) text = value.bytes.toString('utf8');
    offset = value.next;
  }
  return code ? `${code}: ${text}` : text;
}

/** Text columns of every DataRow in `output` (null for SQL NULL). */
export function dataRows(output: Uint8Array): (string | null)[][] {
  const buf = Buffer.from(output.buffer, output.byteOffset, output.byteLength);
  const rows: (string | null)[][] = [];
  let offset = 0;
  while (offset + 5 <= buf.length) {
    const length = buf.readInt32BE(offset + 1);
    if (buf[offset] === 0x44) {
      const columns: (string | null)[] = [];
      const count = buf.readInt16BE(offset + 5);
      let at = offset + 7;
      for (let i = 0; i < count; i++) {
        const size = buf.readInt32BE(at);
        at += 4;
        if (size < 0) columns.push(null);
        else {
          columns.push(buf.toString('utf8', at, at + size));
          at += size;
        }
      }
      rows.push(columns);
    }
    offset += 1 + length;
  }
  return rows;
}
