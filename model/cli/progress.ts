// A minimal progress bar on stderr (stdout stays clean for data). On a terminal it redraws one
// line; elsewhere (CI logs, pipes) it prints only the finished lines.
const barWidth = 24;

function bar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * barWidth);
  return `${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}`;
}

export interface Progress {
  update(done: number, note?: string): void;
  done(note?: string): void;
}

export function progress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const started = performance.now();
  const render = (done: number, note: string) =>
    `${label.padEnd(26)} ${bar(total > 0 ? done / total : 1)} ${String(done).padStart(String(total).length)}/${total}` +
    ` ${((performance.now() - started) / 1000).toFixed(1)}s${note === '' ? '' : `  ${note}`}`;
  return {
    update(done, note = '') {
      if (stream.isTTY) stream.write(`\r${render(done, note)}\u001b[K`);
    },
    done(note = '') {
      stream.write(`${stream.isTTY ? '\r' : ''}${render(total, note)}${stream.isTTY ? '\u001b[K' : ''}\n`);
    },
  };
}

/** One line per training epoch: the fit's name, a bar over its epochs, and that epoch's loss. */
export function epochReporter(stream: NodeJS.WriteStream = process.stderr) {
  return (phase: string, epoch: number, epochs: number, loss: number) => {
    stream.write(
      `${phase.padEnd(26)} ${bar(epoch / epochs)} epoch ${epoch}/${epochs}  loss ${loss.toFixed(4)}\n`,
    );
  };
}
