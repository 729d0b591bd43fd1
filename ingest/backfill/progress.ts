// A progress bar on stderr: redrawn in place on a terminal, a plain line every few seconds when
// stderr is a file or a pipe (CI logs). stdout stays free for the final summary.
export interface ProgressState {
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesRead: number;
  totalBytes: number;
  records: number;
  inserted: number;
  updated: number;
  deadLetters: number;
  startedAt: number;
}

const WIDTH = 28;

export function formatProgress(s: ProgressState, now: number = Date.now()): string {
  const fraction = s.totalBytes > 0 ? Math.min(1, s.bytesRead / s.totalBytes) : 1;
  const filled = Math.round(fraction * WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
  const seconds = Math.max(0.001, (now - s.startedAt) / 1000);
  const rate = Math.round((s.inserted + s.updated) / seconds);
  return (
    `${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${mb(s.bytesRead)}/${mb(s.totalBytes)} MB ` +
    `file ${s.fileIndex}/${s.fileCount} ${s.file} | ${s.records.toLocaleString('en')} records, ` +
    `${s.inserted.toLocaleString('en')} new, ${s.updated.toLocaleString('en')} seen, ` +
    `${s.deadLetters.toLocaleString('en')} bad | ${rate.toLocaleString('en')} posts/s`
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
