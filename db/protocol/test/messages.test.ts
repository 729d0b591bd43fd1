// Pure parts of the wire port: framing, name namespacing, the backend-output walker.
import { Buffer } from 'node:buffer';
import { serialize } from 'pg-protocol';
import { describe, expect, it } from 'vitest';
import {
  FrameReader,
  MAX_MESSAGE_BYTES,
  ProtocolError,
  errorResponse,
  readyForQuery,
  scanBackendOutput,
  type Frame,
} from '../messages.ts';
import { namespaceMessage } from '../../wire/statement-names.ts';

const frameOf = (bytes: Buffer): Frame => {
  const reader = new FrameReader();
  reader.push(bytes);
  const frame = reader.next();
  if (!frame) throw new Error('incomplete frame');
  return frame;
};

describe('FrameReader', () => {
  it('reassembles messages split across chunks at every byte boundary', () => {
    const stream = Buffer.concat([
      serialize.query('select 1'),
      serialize.sync(),
      serialize.query('select 2'),
    ]);
    for (let cut = 1; cut < stream.length; cut++) {
      const reader = new FrameReader();
      const tags: string[] = [];
      for (const chunk of [stream.subarray(0, cut), stream.subarray(cut)]) {
        reader.push(chunk);
        for (let f = reader.next(); f; f = reader.next()) tags.push(String.fromCharCode(f.tag));
      }
      expect(tags).toEqual(['Q', 'S', 'Q']);
      expect(reader.buffered).toBe(0);
    }
  });

  it('reads the untagged startup packet, then refuses an absurd one', () => {
    const reader = new FrameReader();
    reader.push(Buffer.from([0, 0, 0, 8, 4, 210, 22, 47])); // SSLRequest
    expect(reader.nextStartup()?.body.readInt32BE(0)).toBe(80_877_103);
    reader.push(Buffer.from('GET / HTTP/1.1\r\n'));
    expect(() => reader.nextStartup()).toThrow(ProtocolError);
  });

  it('rejects a message longer than the limit before buffering it', () => {
    const reader = new FrameReader();
    const header = Buffer.alloc(5);
    header[0] = 0x51;
    header.writeInt32BE(MAX_MESSAGE_BYTES + 1, 1);
    reader.push(header);
    expect(() => reader.next()).toThrow(/exceeds/);
  });
});

describe('namespaceMessage', () => {
  const prefix = Buffer.from('wire7_');

  it('prefixes named statements and portals in Parse, Bind, Describe, Execute and Close', () => {
    const parse = namespaceMessage(
      frameOf(serialize.parse({ name: 's1', text: 'select $1', types: [23] })),
      prefix,
    );
    expect(parse.opened?.toString()).toBe('wire7_s1');
    expect(parse.sql).toBe('select $1');
    expect(frameOf(parse.raw).body.toString('latin1')).toContain('wire7_s1\0select $1\0');

    const bind = namespaceMessage(
      frameOf(serialize.bind({ portal: 'p', statement: 's1', values: ['x'] })),
      prefix,
    );
    expect(frameOf(bind.raw).body.subarray(0, 17).toString('latin1')).toBe('wire7_p\0wire7_s1\0');

    const execute = namespaceMessage(frameOf(serialize.execute({ portal: 'p', rows: 5 })), prefix);
    expect(frameOf(execute.raw).body.toString('latin1')).toBe('wire7_p\0\0\0\0\x05');

    const describe = namespaceMessage(frameOf(serialize.describe({ type: 'S', name: 's1' })), prefix);
    expect(frameOf(describe.raw).body.toString('latin1')).toBe('Swire7_s1\0');

    const close = namespaceMessage(frameOf(serialize.close({ type: 'S', name: 's1' })), prefix);
    expect(close.closed?.toString()).toBe('wire7_s1');
  });

  it('leaves the unnamed statement and portal alone', () => {
    const raw = serialize.parse({ text: 'select 1' });
    const message = namespaceMessage(frameOf(raw), prefix);
    expect(message.raw.equals(raw)).toBe(true);
    expect(message.opened).toBeNull();
    const bind = serialize.bind({});
    expect(namespaceMessage(frameOf(bind), prefix).raw.equals(bind)).toBe(true);
  });

  it('rejects a Describe with an unknown target type', () => {
    const bad = Buffer.from([0x44, 0, 0, 0, 7, 0x58, 0x61, 0]);
    expect(() => namespaceMessage(frameOf(bad), prefix)).toThrow(ProtocolError);
  });
});

describe('scanBackendOutput', () => {
  it('drops notifications and reports the final transaction status', () => {
    const notification = Buffer.from([0x41, 0, 0, 0, 12, 0, 0, 0, 1, 0x63, 0, 0x70, 0]);
    const complete = Buffer.from('C\0\0\0\x0bNOTIFY\0', 'latin1');
    const out = scanBackendOutput(Buffer.concat([complete, notification, readyForQuery('T')]));
    expect(out.forClient.equals(Buffer.concat([complete, readyForQuery('T')]))).toBe(true);
    expect(out.finalStatus).toBe('T');
  });

  it('reports no status when the output does not end with ReadyForQuery', () => {
    const out = scanBackendOutput(
      Buffer.concat([readyForQuery('I'), errorResponse({ severity: 'ERROR', code: '42P01', message: 'x' })]),
    );
    expect(out.finalStatus).toBeNull();
    expect(out.sawError).toBe(true);
    expect(out.firstError).toBe('42P01: x');
  });
});
