// A progress bar on stderr: redrawn in place on a terminal, a plain line every few seconds when
// stderr is a file or a pipe (CI logs). stdout stays free for the final summary. It says how far
// through all the files the run is (by bytes read from disk, whatever the compression), posts per
// second, and the time left at that pace; then the refresh of the aggregates, week by week.
export interface ProgressState {
  phase: 'loading' | 'refreshing';
  file: string;
  fileIndex: number;
  fileCount: number;
  /** Bytes of the current file read so far. */
  bytesRead: number;
  /** Bytes of the files before the current one. */
  bytesBefore: number;
  /** Bytes of all the files. */
  allBytes: number;
  records: number;
  inserted: number;
  updated: number;
  /** Score rows written. */
  scored: number;
  deadLetters: number;
  refresh: { weeksDone: number; weeks: number } | null;
  startedAt: number;
}

const WIDTH = 28;

function bar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * WIDTH);
  return `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
}

/** "1:02:03", "4:05", for an ETA. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function formatProgress(s: ProgressState, now: number = Date.now()): string {
  const seconds = Math.max(0.001, (now - s.startedAt) / 1000);
  const rate = Math.round((s.inserted + s.updated) / seconds);
  const counts =
    `${s.records.toLocaleString('en')} records, ${s.inserted.toLocaleString('en')} new, ` +
    `${s.updated.toLocaleString('en')} seen, ${s.scored.toLocaleString('en')} scores, ` +
    `${s.deadLetters.toLocaleString('en')} bad`;
  if (s.phase === 'refreshing') {
    const r = s.refresh ?? { weeksDone: 0, weeks: 0 };
    const fraction = r.weeks > 0 ? r.weeksDone / r.weeks : 0;
    return `${bar(fraction)} refreshing the aggregates: week ${r.weeksDone}/${r.weeks} | ${counts}`;
  }
  const done = s.bytesBefore + s.bytesRead;
  const fraction = s.allBytes > 0 ? Math.min(1, done / s.allBytes) : 1;
  const eta = fraction > 0 ? (seconds * (1 - fraction)) / fraction : Number.NaN;
  return (
    `${bar(fraction)} ${(fraction * 100).toFixed(0).padStart(3)}% ${mb(done)}/${mb(s.allBytes)} MB ` +
    `file ${s.fileIndex}/${s.fileCount} ${s.file} | ${counts} | ${rate.toLocaleString('en')} posts/s, ` +
    `ETA ${formatDuration(eta)}`
  );
}

function mb(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}

export class ProgressBar {
  private readonly stream: NodeJS.WriteStream;
  private lastDraw = 0;
  private readonly intervalMs: number;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.stream = stream;
    this.intervalMs = stream.isTTY ? 100 : 5_000;
  }

  update(state: ProgressState, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    const line = formatProgress(state, now);
    if (this.stream.isTTY) {
      this.stream.write(`\r${line.slice(0, (this.stream.columns || 200) - 1)}\x1b[K`);
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  done(state: ProgressState): void {
    this.update(state, true);
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
