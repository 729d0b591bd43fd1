// Opens a dump file as a stream of text lines, decompressing by extension (.zst: Zstandard, as
// Pushshift and Arctic Shift ship them; .gz: gzip), and counts the bytes read from disk so that
// progress can be shown against the file's size whatever the compression.
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

export interface LineSource {
  lines: AsyncIterable<string>;
  /** Bytes of the (possibly compressed) file read so far. */
  bytesRead(): number;
  totalBytes: number;
}

export function openLines(file: string): LineSource {
  const totalBytes = fs.statSync(file).size;
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  raw.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  let stream: Readable = raw;
  if (/\.zst$/i.test(file)) {
    // Pushshift's dumps use a 2 GiB window; the default limit (128 MiB) would refuse them.
    stream = raw.pipe(zlib.createZstdDecompress({ params: { [zlib.constants.ZSTD_d_windowLogMax]: 31 } }));
  } else if (/\.gz$/i.test(file)) {
    stream = raw.pipe(zlib.createGunzip());
  }
  // A corrupt archive must end the file with an error, not hang: pass decompression errors on.
  if (stream !== raw) raw.on('error', (error) => stream.destroy(error));
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  stream.on('error', (error) => lines.emit('error', error));
  return { lines, bytesRead: () => bytesRead, totalBytes };
}
