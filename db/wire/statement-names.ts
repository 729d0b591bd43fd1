// Every wire client shares ONE backend session, so two clients preparing "s1" would collide (the
// second Parse fails with 42P05, or worse, a Bind runs the other client's text). Non-empty
// statement and portal names are therefore prefixed per connection in every message that carries
// one. The unnamed statement/portal is left alone: its "replaced by the next Parse" semantics are
// per cycle, and a cycle runs atomically under the engine lock.
import { Buffer } from 'node:buffer';
import { ProtocolError, Tag, encodeFrame, readCString, type Frame } from '../protocol/messages.ts';

export interface NamespacedMessage {
  /** The message to forward (the original bytes when nothing needed renaming). */
  readonly raw: Buffer;
  /** Prefixed name of a statement this message creates (Parse). */
  readonly opened: Buffer | null;
  /** Prefixed name of a statement this message closes (Close 'S'). */
  readonly closed: Buffer | null;
  /** The SQL text, for Parse messages. */
  readonly sql: string | null;
}

export function statementPrefix(connectionId: number): Buffer {
  return Buffer.from(`wire${connectionId}_`, 'utf8');
}

function prefixed(prefix: Buffer, name: Buffer): Buffer {
  return name.length === 0 ? name : Buffer.concat([prefix, name]);
}

const unchanged = (frame: Frame): NamespacedMessage => ({
  raw: frame.raw,
  opened: null,
  closed: null,
  sql: null,
});

/** Rewrites names in Parse, Bind, Describe, Close and Execute; other messages pass unchanged. */
export function namespaceMessage(frame: Frame, prefix: Buffer): NamespacedMessage {
  const { tag, body } = frame;
  switch (tag) {
    case Tag.Parse: {
      const name = readCString(body, 0);
      const sql = readCString(body, name.next);
      const opened = prefixed(prefix, name.bytes);
      return {
        raw: renamed(frame, [opened], name.next),
        opened: opened.length > 0 ? opened : null,
        closed: null,
        sql: sql.bytes.toString('utf8'),
      };
    }
    case Tag.Bind: {
      const portal = readCString(body, 0);
      const statement = readCString(body, portal.next);
      if (portal.bytes.length === 0 && statement.bytes.length === 0) return unchanged(frame);
      return {
        raw: renamed(
          frame,
          [prefixed(prefix, portal.bytes), prefixed(prefix, statement.bytes)],
          statement.next,
        ),
        opened: null,
        closed: null,
        sql: null,
      };
    }
    case Tag.Execute: {
      const portal = readCString(body, 0);
      if (portal.bytes.length === 0) return unchanged(frame);
      return {
        raw: renamed(frame, [prefixed(prefix, portal.bytes)], portal.next),
        opened: null,
        closed: null,
        sql: null,
      };
    }
    case Tag.Describe:
    case Tag.Close: {
      const kind = body[0];
      if (kind !== 0x53 && kind !== 0x50) {
        throw new ProtocolError(
          `invalid ${tag === Tag.Close ? 'Close' : 'Describe'} target type ${String(kind)}`,
        );
      }
      const name = readCString(body, 1);
      if (name.next !== body.length) throw new ProtocolError('invalid message format');
      if (name.bytes.length === 0) return unchanged(frame);
      const renamedName = prefixed(prefix, name.bytes);
      const raw = encodeFrame(tag, Buffer.concat([body.subarray(0, 1), renamedName, Buffer.from([0])]));
      const closed = tag === Tag.Close && kind === 0x53 ? renamedName : null;
      return { raw, opened: null, closed, sql: null };
    }
    default:
      return unchanged(frame);
  }
}

/** Re-encodes `frame` with `names` (each NUL-terminated) replacing the body up to `restFrom`. */
function renamed(frame: Frame, names: Buffer[], restFrom: number): Buffer {
  const parts: Buffer[] = [];
  for (const name of names) parts.push(name, Buffer.from([0]));
  parts.push(frame.body.subarray(restFrom));
  return encodeFrame(frame.tag, Buffer.concat(parts));
}

/** The Parse message `raw` with its statement text replaced by `sql` (name and parameter types kept). */
export function replaceParseText(raw: Buffer, sql: string): Buffer {
  const body = raw.subarray(5);
  const name = readCString(body, 0);
  const text = readCString(body, name.next);
  return encodeFrame(
    Tag.Parse,
    Buffer.concat([body.subarray(0, name.next), Buffer.from(`${sql}\0`, 'utf8'), body.subarray(text.next)]),
  );
}
