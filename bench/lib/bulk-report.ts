// bench/bulk.ts's results: their shape (bulk.json) and the table (bulk.md).
import { markdownTable } from './markdown-table.ts';
import type { Responsiveness } from './responsiveness.ts';

export interface CorpusResult {
  files: number;
  posts: number;
  wallSeconds: number;
  postsPerSecondWall: number;
  backfillSeconds: number;
  postsPerSecondBackfill: number;
  stages: string;
  rssPeakMiB: number;
  rssP50MiB: number;
  problems: string[];
  summary: string;
}

export interface AppResult {
  posts: number;
  secondsWithoutRestart: number;
  postsPerSecond: number;
  sigtermToExitMs: number;
  firstCommandExit: number | null;
  continued: string;
  responsiveness: Responsiveness;
  problems: string[];
}

export interface RescoreResult {
  posts: number;
  seconds: number;
  postsPerSecond: number;
  sigtermToExitMs: number | undefined;
  responsiveness: Responsiveness;
  problems: string[];
}

export interface Results {
  machine: string;
  date: string;
  corpus?: CorpusResult;
  app?: AppResult;
  rescore?: RescoreResult;
}

export function renderBulkReport(merged: Results): string {
  const health = (o: Responsiveness) =>
    `${o.healthP99Ms} / ${o.healthMaxMs} ms (${o.healthFailures} failed); psql max ${o.psqlMaxMs} ms`;
  const exact = (problems: string[]) =>
    problems.length === 0 ? 'exact' : `PROBLEMS: ${problems.join('; ')}`;
  const rows: string[][] = [];
  const { corpus, app, rescore } = merged;
  if (corpus)
    rows.push([
      'corpus → `npm run backfill` (fresh dir)',
      String(corpus.posts),
      `${corpus.postsPerSecondWall} (start to exit), ${corpus.postsPerSecondBackfill} (backfill)`,
      `RSS peak ${corpus.rssPeakMiB} MiB, p50 ${corpus.rssP50MiB} MiB`,
      '',
      exact(corpus.problems),
    ]);
  if (app)
    rows.push([
      'corpus → running `npm start` (hand-off; SIGTERM, restart, continue)',
      String(app.posts),
      String(app.postsPerSecond),
      health(app.responsiveness),
      `${app.sigtermToExitMs} ms`,
      exact(app.problems),
    ]);
  if (rescore)
    rows.push([
      're-score after `model:activate` (SIGTERM, restart, continue)',
      String(rescore.posts),
      String(rescore.postsPerSecond),
      health(rescore.responsiveness),
      `${rescore.sigtermToExitMs ?? '-'} ms`,
      exact(rescore.problems),
    ]);
  const md = [
    `# bench:bulk`,
    '',
    `${merged.machine}; ${merged.date}.`,
    '',
    markdownTable(
      [
        'run',
        'posts',
        'posts/s',
        '/health p99 / max; psql read max (or memory)',
        'SIGTERM → exit',
        'aggregates',
      ],
      rows,
    ),
    '',
    corpus ? `Corpus stages: ${corpus.stages}` : '',
    '',
  ].join('\n');
  return md;
}
