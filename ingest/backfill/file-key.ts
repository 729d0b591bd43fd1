// A dump file's identity for resuming (backfill_files): its size and a hash of its first MiB. A
// path would not do: dumps get moved, renamed and given as relative paths from elsewhere; and
// hashing a whole 30 GB dump before loading it would take minutes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';

const HEAD_BYTES = 1 << 20;

export function fileKeyOf(file: string): { fileKey: string; sizeBytes: number } {
  const sizeBytes = fs.statSync(file).size;
  const head = Buffer.alloc(Math.min(HEAD_BYTES, sizeBytes));
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const digest = createHash('sha256').update(head).digest('hex').slice(0, 32);
  return { fileKey: `${sizeBytes}:${digest}`, sizeBytes };
}
